import type {
  WastAction, WastArg, WastCommand, WastModule,
} from '../../plugins/parser/text/index.js';
import { watToBinary } from '../../plugins/parser/text/index.js';
import { CompileError } from '../../kernel/errors/compile-error.js';
import { LinkError } from '../../kernel/errors/link-error.js';
import { Trap } from '../../kernel/errors/trap.js';
import { TrapCode } from '../../kernel/errors/trap-code.js';
import { internalize } from '../../kernel/runtime/gc-objects.js';
import { WasmException } from '../../kernel/runtime/wasm-exception.js';
import type { HostRefs } from './host-refs.js';
import { messageMatches, trapMatches } from './trap-message.js';
import { mismatch } from './value-match.js';
import type { CommandStatus } from './wast-result.js';
import type { WastSession } from './wast-session.js';

/**
 * An instance slot: live; a module the backend could not run (commands using it are skipped);
 * or a module that failed to instantiate (commands using it fail, instead of silently running
 * against the previous module).
 */
type Slot<I> =
  | { readonly live: true; readonly instance: I }
  | { readonly live: false; readonly unsupported: string; readonly failed?: undefined }
  | { readonly live: false; readonly unsupported?: undefined; readonly failed: string };
type DefSlot<M> = { readonly ok: true; readonly module: M } | { readonly ok: false; readonly unsupported: string; readonly affects: readonly string[] };

export interface Outcome {
  readonly status: CommandStatus;
  readonly message: string;
}

const PASS: Outcome = { status: 'passed', message: '' };
const fail = (message: string): Outcome => ({ status: 'failed', message });
const skip = (message: string): Outcome => ({ status: 'skipped', message });

/** Thrown inside a command when it cannot run because its module was skipped. */
class Skip extends Error {}

/**
 * The semantics of each WAST command, over a `WastSession`, following the reference
 * interpreter (`script/run.ml`): `module` instantiates and becomes current; `assert_trap`
 * passes when the trap message starts with (or contains) the expected text; `assert_invalid`
 * and `assert_malformed` pass when the module is rejected; and so on. With `strictMessages`,
 * rejections must also carry the expected message.
 */
export class CommandRunner<M, I> {
  private current: Slot<I> | null = null;
  private readonly instances = new Map<string, Slot<I>>();
  private readonly definitions = new Map<string, DefSlot<M>>();
  private lastDefinition: DefSlot<M> | null = null;
  /** Registered names whose module was skipped: a link failure naming one is a skip too. */
  private readonly unsupportedRegistered = new Map<string, string>();
  /** Live instances by registered name. */
  private readonly registered = new Map<string, I>();
  /**
   * Instances a skipped module would have changed (data or element segments into their memory
   * or table, a start function): their state is not what the script expects from then on, so
   * commands on them are skipped with that module's reason.
   */
  private readonly tainted = new Map<I, string>();

  constructor(
    private readonly session: WastSession<M, I>,
    private readonly refs: HostRefs,
    private readonly strictMessages: boolean,
  ) {}

  run(cmd: WastCommand): Outcome {
    try {
      return this.exec(cmd);
    } catch (e) {
      if (e instanceof Skip) {
        // A module that could not run leaves no instance behind: commands on it are skipped too.
        const slot = { live: false as const, unsupported: e.message };
        if (cmd.type === 'module' && !cmd.definition) this.setCurrent(cmd.name, slot);
        if (cmd.type === 'module_instance') this.setCurrent(cmd.instance, slot);
        return skip(e.message);
      }
      if (cmd.type === 'module' && !cmd.definition) this.setCurrent(cmd.name, { live: false, failed: describe(e) });
      if (cmd.type === 'module_instance') this.setCurrent(cmd.instance, { live: false, failed: describe(e) });
      throw e;
    }
  }

  private exec(cmd: WastCommand): Outcome {
    switch (cmd.type) {
      case 'module': {
        const compiled = this.compileModule(cmd.module);
        if (!compiled.ok) {
          const slot = { live: false as const, unsupported: compiled.unsupported };
          if (cmd.definition) {
            this.define(cmd.name, compiled);
          } else {
            this.setCurrent(cmd.name, slot);
            this.taint(compiled);
          }
          return skip(compiled.unsupported);
        }
        if (cmd.definition) {
          this.define(cmd.name, { ok: true, module: compiled.module });
          return PASS;
        }
        this.setCurrent(cmd.name, { live: true, instance: this.instantiate(compiled.module) });
        return PASS;
      }
      case 'module_instance': {
        const def = cmd.definition === null ? this.lastDefinition : this.definitions.get(cmd.definition);
        if (!def) return fail(`unknown module definition ${cmd.definition ?? '(none defined)'}`);
        if (!def.ok) {
          this.setCurrent(cmd.instance, { live: false, unsupported: def.unsupported });
          this.taint(def);
          return skip(def.unsupported);
        }
        this.setCurrent(cmd.instance, { live: true, instance: this.instantiate(def.module) });
        return PASS;
      }
      case 'register': {
        const slot = this.slot(cmd.module);
        if (!slot.live && slot.failed !== undefined) return fail(`module failed to instantiate: ${slot.failed}`);
        if (!slot.live) {
          this.unsupportedRegistered.set(cmd.as, slot.unsupported);
          return skip(slot.unsupported);
        }
        this.session.register(cmd.as, slot.instance);
        this.registered.set(cmd.as, slot.instance);
        return PASS;
      }
      case 'action':
        this.perform(cmd.action);
        return PASS;
      case 'assert_return': {
        const results = this.perform(cmd.action);
        if (results.length !== cmd.expected.length) {
          return fail(`expected ${cmd.expected.length} results, got ${results.length}`);
        }
        for (let i = 0; i < results.length; i++) {
          const m = mismatch(results[i], cmd.expected[i], this.refs);
          if (m !== null) return fail(results.length > 1 ? `result ${i}: ${m}` : m);
        }
        return PASS;
      }
      case 'assert_trap':
        return cmd.action !== null
          ? this.expectTrap(() => this.perform(cmd.action), cmd.message)
          : this.expectTrap(() => this.instantiateFresh(cmd.module), cmd.message);
      case 'assert_exhaustion':
        return this.expectTrap(() => this.perform(cmd.action), cmd.message);
      case 'assert_exception':
        return this.expectException(() => this.perform(cmd.action));
      case 'assert_invalid':
      case 'assert_malformed':
        return this.expectRejected(cmd.module, cmd.message);
      case 'assert_unlinkable':
        return this.expectFailure(cmd.module, cmd.message, (e) => e instanceof LinkError, 'a link error', true);
      case 'assert_uninstantiable':
        return this.expectFailure(cmd.module, cmd.message, (e) => e instanceof Trap, 'a trap during instantiation');
    }
  }

  /** Marks the registered instances a skipped module would have changed. */
  private taint(skipped: { readonly unsupported: string; readonly affects: readonly string[] }): void {
    for (const name of skipped.affects) {
      const inst = this.registered.get(name);
      if (inst !== undefined && !this.tainted.has(inst)) {
        this.tainted.set(inst, `${skipped.unsupported} (a module importing from "${name}" could not run, so its state is unknown from then on)`);
      }
    }
  }

  private setCurrent(name: string | null, slot: Slot<I>): void {
    this.current = slot;
    if (name !== null) this.instances.set(name, slot);
  }

  private define(name: string | null, def: DefSlot<M>): void {
    this.lastDefinition = def;
    if (name !== null) this.definitions.set(name, def);
  }

  private slot(name: string | null): Slot<I> {
    const s = name === null ? this.current : this.instances.get(name);
    if (!s) throw new Error(name === null ? 'no module instantiated yet' : `unknown module $${name}`);
    return s;
  }

  private instanceFor(name: string | null): I {
    const s = this.slot(name);
    if (s.live) {
      const tainted = this.tainted.get(s.instance);
      if (tainted !== undefined) throw new Skip(tainted);
      return s.instance;
    }
    if (s.failed !== undefined) throw new Error(`module failed to instantiate: ${s.failed}`);
    throw new Skip(s.unsupported);
  }

  private bytesOf(m: WastModule): Uint8Array {
    switch (m.kind) {
      case 'binary': return m.bytes;
      case 'quote': return watToBinary(m.text);
      case 'malformed-text': throw m.error;
    }
  }

  private compileModule(m: WastModule) {
    return this.session.compile(this.bytesOf(m));
  }

  private instantiate(module: M): I {
    try {
      return this.session.instantiate(module);
    } catch (e) {
      this.skipIfUnsupportedImport(e);
      throw e;
    }
  }

  /** A link error caused by importing from a registered module that was skipped is a skip. */
  private skipIfUnsupportedImport(e: unknown): void {
    if (!(e instanceof LinkError) || this.unsupportedRegistered.size === 0) return;
    const reason = (e.module !== null && this.unsupportedRegistered.get(e.module))
      || [...this.unsupportedRegistered].find(([n]) => e.message.includes(n))?.[1];
    if (reason) throw new Skip(reason);
  }

  /** `linkOnly`: the script expects a link error, which leaves every instance untouched. */
  private instantiateFresh(m: WastModule, linkOnly = false): I {
    const compiled = this.compileModule(m);
    if (!compiled.ok) {
      if (!linkOnly) this.taint(compiled);
      throw new Skip(compiled.unsupported);
    }
    return this.instantiate(compiled.module);
  }

  private perform(a: WastAction): unknown[] {
    const inst = this.instanceFor(a.module);
    if (a.type === 'get') return [this.session.get(inst, a.name)];
    return this.session.invoke(inst, a.name, a.args.map((x) => this.argValue(x)));
  }

  private argValue(a: WastArg): unknown {
    switch (a.type) {
      case 'i32':
      case 'i64':
        return a.value;
      // Bits form (`Func.callBits`): signalling-NaN payloads reach the guest intact.
      case 'f32': return a.bits >>> 0;
      case 'f64': return BigInt.asUintN(64, a.bits);
      case 'v128': return a.bytes;
      case 'ref.null': return null;
      case 'ref.extern':
        return this.refs.get(a.value);
      // An anyref: host values enter the any hierarchy internalised, as `any.convert_extern` does.
      case 'ref.host':
        return internalize(this.refs.get(a.value));
    }
  }

  private expectTrap(run: () => unknown, expected: string): Outcome {
    try {
      run();
    } catch (e) {
      if (e instanceof Skip) throw e;
      if (e instanceof Trap) {
        return trapMatches(e, expected)
          ? PASS
          : fail(`expected trap "${expected}", got trap "${e.message}"`);
      }
      return fail(`expected trap "${expected}", got ${describe(e)}`);
    }
    return fail(`expected trap "${expected}", but it returned normally`);
  }

  private expectException(run: () => unknown): Outcome {
    try {
      run();
    } catch (e) {
      if (e instanceof Skip) throw e;
      if (e instanceof WasmException) return PASS;
      if (e instanceof Trap && (e.trapCode === TrapCode.UncaughtException || e.cause instanceof WasmException)) return PASS;
      return fail(`expected an uncaught exception, got ${describe(e)}`);
    }
    return fail('expected an uncaught exception, but it returned normally');
  }

  private expectRejected(m: WastModule, expected: string): Outcome {
    try {
      this.session.validate(this.bytesOf(m));
    } catch (e) {
      if (e instanceof CompileError) {
        if (this.strictMessages && !messageMatches(e.reason, expected)) {
          return fail(`rejected as expected, but with "${e.reason}" instead of "${expected}"`);
        }
        return PASS;
      }
      return fail(`expected a compile error "${expected}", got ${describe(e)}`);
    }
    return fail(`expected a compile error "${expected}", but the module was accepted`);
  }

  private expectFailure(m: WastModule, expected: string, ok: (e: unknown) => boolean, what: string, linkOnly = false): Outcome {
    try {
      this.instantiateFresh(m, linkOnly);
    } catch (e) {
      if (e instanceof Skip) throw e;
      if (ok(e)) {
        const msg = (e as Error).message;
        if (this.strictMessages && !messageMatches(msg, expected)) {
          return fail(`failed as expected, but with "${msg}" instead of "${expected}"`);
        }
        return PASS;
      }
      return fail(`expected ${what} "${expected}", got ${describe(e)}`);
    }
    return fail(`expected ${what} "${expected}", but instantiation succeeded`);
  }
}

export function describe(e: unknown): string {
  if (e instanceof CompileError) return `compile error "${e.reason}"`;
  if (e instanceof LinkError) return `link error "${e.message}"`;
  if (e instanceof Trap) return `trap "${e.message}"`;
  if (e instanceof Error) return `${e.name}: ${e.message}`;
  return String(e);
}
