/**
 * The host references WAST scripts name as `(ref.extern N)` and `(ref.host N)`: one object per
 * number for the whole run, so a reference passed in and returned compares by identity, as in
 * the reference interpreter.
 */
export class HostRef {
  readonly n: number;

  constructor(n: number) {
    this.n = n;
  }

  toString(): string {
    return `(ref.host ${this.n})`;
  }
}

export class HostRefs {
  private readonly refs = new Map<number, HostRef>();

  get(n: number): HostRef {
    let r = this.refs.get(n);
    if (r === undefined) this.refs.set(n, (r = new HostRef(n)));
    return r;
  }
}
