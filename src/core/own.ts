/**
 * A table lookup by a word someone typed (or an import held): own keys only, so that 'constructor',
 * 'toString' or '__proto__' are unknown words like any other, not the properties every object has.
 */
export function ownValue<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}
