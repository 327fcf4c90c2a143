// Types of the generated base-stemmer.js (Snowball 3.1.1's JavaScript runtime; see README.md),
// only what the stemmers' own types need. Written by hand: the generator emits JavaScript only.
export default class BaseStemmer {
  setCurrent(value: string): void;
  getCurrent(): string;
}
