/** Maps rows back onto DataLoader keys, in key order, with `missing` where a key found nothing. */
export function inKeyOrder<K, V>(keys: readonly K[], found: Map<K, V>, missing: V): V[] {
  return keys.map((key) => found.get(key) ?? missing);
}
