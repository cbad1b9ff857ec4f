/**
 * Instruction sequences, plain and folded: structured control (block, loop, if, try,
 * try_table with its catch clauses) and label scopes here; every other operator goes to
 * `encodeOperator` (`operator-encoder.ts`).
 */
import { ByteWriter } from './byte-writer.js';
import { Cursor, unexpected, unexpectedAt } from './cursor.js';
import { IndexSpace, isIndexToken, parseIndex } from './index-space.js';
import { Token, TokKind } from './lexer.js';
import { ModuleContext } from './module-context.js';
import { encodeOperator, OperatorScope } from './operator-encoder.js';
import { headOf, SList, SNode } from './sexpr.js';
import { malformed } from './text-error.js';

export { writeOpcode } from './operator-encoder.js';

/** Lists that belong to headers, not instruction positions (`(block (result i32) (param i32))`). */
const HEADER_LISTS: ReadonlySet<string> = new Set(['param', 'result', 'type', 'local']);

const NONE: ReadonlySet<string> = new Set();
const END: ReadonlySet<string> = new Set(['end']);
const ELSE_END: ReadonlySet<string> = new Set(['else', 'end']);
const TRY_STOPS: ReadonlySet<string> = new Set(['catch', 'catch_all', 'delegate', 'end']);
const CATCH_STOPS: ReadonlySet<string> = new Set(['catch', 'catch_all', 'end']);

/**
 * Encodes instruction sequences (function bodies and constant expressions), plain and folded,
 * resolving labels, locals and every module index space by name. One encoder per module;
 * scratch writers for folded immediates are pooled by nesting depth, so encoding allocates
 * nothing per instruction beyond the output bytes.
 */
export class InstructionEncoder implements OperatorScope {
  private labels: (string | null)[] = [];
  /** The locals of the function being encoded (null in constant expressions). */
  locals: IndexSpace | null = null;
  private readonly scratch: ByteWriter[] = [];
  private depth = 0;

  constructor(readonly m: ModuleContext) {}

  /** Encode the instructions from the cursor to its end (no trailing `end`). */
  encode(c: Cursor, w: ByteWriter, locals: IndexSpace | null): void {
    this.locals = locals;
    this.labels.length = 0;
    this.depth = 0;
    this.seq(c, w, NONE);
  }

  /** Encode a constant expression: the rest of the cursor, then `end`. */
  constExpr(c: Cursor, w: ByteWriter): void {
    this.encode(c, w, null);
    w.byte(0x0b);
  }

  /** Encode instructions until a stop keyword (consumed and returned) or the end of the cursor. */
  private seq(c: Cursor, w: ByteWriter, stops: ReadonlySet<string>): Token | null {
    const items = c.items;
    while (c.pos < items.length) {
      const n = items[c.pos++];
      if (n instanceof SList) {
        this.folded(n, w);
        continue;
      }
      if (n.kind !== TokKind.Keyword) throw unexpected(n);
      if (stops.has(n.text)) return n;
      this.plain(n, c, w);
    }
    return null;
  }

  private seqTo(c: Cursor, w: ByteWriter, stops: ReadonlySet<string>): Token {
    const t = this.seq(c, w, stops);
    if (t === null) throw malformed('unexpected token', c.list);
    return t;
  }

  private endLabel(c: Cursor, label: Token | null): void {
    const id = c.takeId();
    if (id && (label === null || id.text !== label.text)) throw malformed('mismatching label', id);
  }

  /** A label reference (`$name` or depth) as a relative depth. */
  label(n: SNode): number {
    if (n instanceof Token && n.kind === TokKind.Id) {
      for (let i = this.labels.length - 1; i >= 0; i--) {
        if (this.labels[i] === n.text) return this.labels.length - 1 - i;
      }
      throw malformed(`unknown label $${n.text}`, n);
    }
    if (n instanceof Token) return parseIndex(n);
    throw unexpected(n);
  }

  private takeScratch(): ByteWriter {
    let s = this.scratch[this.depth];
    if (s === undefined) {
      s = new ByteWriter(32);
      this.scratch[this.depth] = s;
    }
    s.reset();
    this.depth++;
    return s;
  }

  /** Starts a structured instruction: optional label, opcode, block type. Returns the label. */
  private openBlock(c: Cursor, w: ByteWriter, opcode: number): Token | null {
    const label = c.takeId();
    w.byte(opcode);
    this.m.blockType(c, w);
    return label;
  }

  /** Encodes the body up to `end`, checks the closing label, pops it and writes `end`. */
  private closeBlock(c: Cursor, w: ByteWriter, label: Token | null): void {
    this.seqTo(c, w, END);
    this.endLabel(c, label);
    this.labels.pop();
    w.byte(0x0b);
  }

  /** A plain instruction whose keyword `t` was just consumed from `c`. */
  private plain(t: Token, c: Cursor, w: ByteWriter): void {
    switch (t.text) {
      case 'block':
      case 'loop': {
        const label = this.openBlock(c, w, t.text === 'block' ? 0x02 : 0x03);
        this.labels.push(label?.text ?? null);
        this.closeBlock(c, w, label);
        return;
      }
      case 'if': {
        const label = c.takeId();
        w.byte(0x04);
        this.m.blockType(c, w);
        this.labels.push(label?.text ?? null);
        if (this.seqTo(c, w, ELSE_END).text === 'else') {
          this.endLabel(c, label);
          w.byte(0x05);
          this.seqTo(c, w, END);
        }
        this.endLabel(c, label);
        this.labels.pop();
        w.byte(0x0b);
        return;
      }
      case 'try_table': {
        const label = this.openBlock(c, w, 0x1f);
        this.catchClauses(c, w);
        this.labels.push(label?.text ?? null);
        this.closeBlock(c, w, label);
        return;
      }
      case 'try': {
        const label = c.takeId();
        w.byte(0x06);
        this.m.blockType(c, w);
        this.labels.push(label?.text ?? null);
        let term = this.seqTo(c, w, TRY_STOPS);
        for (;;) {
          if (term.text === 'catch') {
            // `catch $label? tag`: an id is the block label only when a tag index follows it.
            if (isIndexToken(c.peek(1))) this.endLabel(c, label);
            w.byte(0x07);
            w.u32(this.m.tags.resolve(c.next()));
            term = this.seqTo(c, w, CATCH_STOPS);
          } else if (term.text === 'catch_all') {
            this.endLabel(c, label);
            w.byte(0x19);
            term = this.seqTo(c, w, END);
          } else if (term.text === 'delegate') {
            // The delegate target is counted from outside the try block.
            this.labels.pop();
            w.byte(0x18);
            w.u32(this.label(c.next()));
            return;
          } else {
            this.endLabel(c, label);
            this.labels.pop();
            w.byte(0x0b);
            return;
          }
        }
      }
      default:
        encodeOperator(this, t, c, w);
    }
  }

  /** A folded instruction `(op ...)`: operands first, then the operator. */
  private folded(l: SList, w: ByteWriter): void {
    const head = l.items[0];
    if (!(head instanceof Token) || head.kind !== TokKind.Keyword) throw unexpected(head ?? l);
    const c = new Cursor(l);
    switch (head.text) {
      case 'block':
      case 'loop': {
        const label = c.takeId();
        w.byte(head.text === 'block' ? 0x02 : 0x03);
        this.m.blockType(c, w);
        this.labels.push(label?.text ?? null);
        this.seq(c, w, NONE);
        this.labels.pop();
        w.byte(0x0b);
        return;
      }
      case 'if': {
        const label = c.takeId();
        const bt = this.takeScratch();
        this.m.blockType(c, bt);
        // Condition operands come before `(then ...)` in text but before `if` in binary.
        while (!c.atEnd() && !c.peekList('then')) {
          const n = c.next();
          if (!(n instanceof SList)) throw unexpected(n);
          this.folded(n, w);
        }
        w.byte(0x04);
        w.append(bt);
        this.depth--;
        this.labels.push(label?.text ?? null);
        const then = c.takeList('then');
        if (!then) throw unexpectedAt(c);
        this.seq(new Cursor(then), w, NONE);
        const els = c.takeList('else');
        if (els) {
          w.byte(0x05);
          this.seq(new Cursor(els), w, NONE);
        }
        c.done();
        this.labels.pop();
        w.byte(0x0b);
        return;
      }
      case 'try_table': {
        const label = c.takeId();
        w.byte(0x1f);
        this.m.blockType(c, w);
        this.catchClauses(c, w);
        this.labels.push(label?.text ?? null);
        this.seq(c, w, NONE);
        this.labels.pop();
        w.byte(0x0b);
        return;
      }
      case 'try': {
        const label = c.takeId();
        w.byte(0x06);
        this.m.blockType(c, w);
        this.labels.push(label?.text ?? null);
        const body = c.takeList('do');
        if (body) this.seq(new Cursor(body), w, NONE);
        for (let k = c.takeList('catch'); k; k = c.takeList('catch')) {
          const kc = new Cursor(k);
          w.byte(0x07);
          w.u32(this.m.tags.resolve(kc.next()));
          this.seq(kc, w, NONE);
        }
        const all = c.takeList('catch_all');
        if (all) {
          w.byte(0x19);
          this.seq(new Cursor(all), w, NONE);
        }
        const del = all || c.pos > 0 && headOf(c.items[c.pos - 1]) === 'catch' ? null : c.takeList('delegate');
        if (del) {
          this.labels.pop();
          const dc = new Cursor(del);
          w.byte(0x18);
          w.u32(this.label(dc.next()));
          dc.done();
          c.done();
          return;
        }
        c.done();
        this.labels.pop();
        w.byte(0x0b);
        return;
      }
      default: {
        if (HEADER_LISTS.has(head.text)) throw malformed('unexpected token', l);
        const imm = this.takeScratch();
        encodeOperator(this, head, c, imm);
        while (!c.atEnd()) {
          const n = c.next();
          if (!(n instanceof SList)) throw unexpected(n);
          this.folded(n, w);
        }
        w.append(imm);
        this.depth--;
      }
    }
  }

  /** `(catch x l)`, `(catch_ref x l)`, `(catch_all l)`, `(catch_all_ref l)` of `try_table`. */
  private catchClauses(c: Cursor, w: ByteWriter): void {
    let n = 0;
    const body = this.takeScratch();
    for (;;) {
      const h = c.peekHead();
      if (h !== 'catch' && h !== 'catch_ref' && h !== 'catch_all' && h !== 'catch_all_ref') break;
      const k = new Cursor(c.expectList());
      if (h === 'catch' || h === 'catch_ref') {
        body.byte(h === 'catch' ? 0x00 : 0x01);
        body.u32(this.m.tags.resolve(k.next()));
      } else {
        body.byte(h === 'catch_all' ? 0x02 : 0x03);
      }
      body.u32(this.label(k.next()));
      k.done();
      n++;
    }
    w.u32(n);
    w.append(body);
    this.depth--;
  }
}
