/**
 * Values kept per force, month and offence code, found without joining the three into a key string on
 * every row of an extract. The texts an extract's rows carry are the same few string objects over and
 * over (slugs from the force table, months and codes from the readers' caches), and V8 keeps a string's
 * hash in the string, so three nested lookups cost less than building and hashing a new key each time.
 */
export class CellIndex<T> {
  private readonly byForce = new Map<string, Map<string, Map<string, T>>>();

  get(force: string, month: string, code: string): T | undefined {
    return this.byForce.get(force)?.get(month)?.get(code);
  }

  set(force: string, month: string, code: string, value: T): void {
    let months = this.byForce.get(force);
    if (!months) {
      months = new Map();
      this.byForce.set(force, months);
    }
    let codes = months.get(month);
    if (!codes) {
      codes = new Map();
      months.set(month, codes);
    }
    codes.set(code, value);
  }
}
