// A small seeded PRNG (mulberry32): the same seed always gives the same numbers, so a failing
// property test can be repeated and the benchmark's generator builds the same database. Plain
// JavaScript, so that the benchmark (run by node itself) and the tests share it.

/** Numbers in [0, 1) from a 32-bit seed. */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
