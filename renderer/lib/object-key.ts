/**
 * A stable React key for an object that has no id of its own (two identical log records are still
 * two rows). Keys live as long as the object does.
 */
const keys = new WeakMap<object, string>();
let next = 1;

export function objectKey(value: object): string {
  let key = keys.get(value);
  if (key === undefined) {
    key = `k${next++}`;
    keys.set(value, key);
  }
  return key;
}
