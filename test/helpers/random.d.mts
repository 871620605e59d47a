/** Numbers in [0, 1) from a 32-bit seed (random.mjs). */
export function mulberry32(seed: number): () => number;
