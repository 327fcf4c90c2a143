/**
 * Which of Finnish, Estonian and English a short text is written in, guessed from what tells them
 * apart: letters (õ and ü are Estonian, y is Finnish and English but never native Estonian,
 * letters outside a–z are not English), common function words, and a few word endings (Finnish
 * -ssa/-ssä, -sta/-stä, -lla/-llä, -taan; Estonian -sse, -ga, -nud, -tud, -vad, -takse). It
 * answers null when the text is too short or the evidence is even, and the form then keeps the
 * interface language.
 */
export type GuessedLanguage = 'fi' | 'et' | 'en';

const WORDS: Record<GuessedLanguage, ReadonlySet<string>> = {
  fi: new Set(
    'että mutta tai kuin myös jos kun hän tämä tämän nämä se sen sitä niin vain kanssa mukaan jo kiitos hei meidän teidän ollut olemme ovat tulee pitää kaikki nyt vielä sekä siitä joka jotka mitä mikä miten koska voidaan emme eivät asia asiaa ole olla'.split(' '),
  ),
  et: new Set(
    'ning ka et see seda selle mis kui meie teie aga või kas pole tuleb saab teeb tegi annab koos välja palun tere aitäh kõik väga siis ainult samuti oleme olete nad juba veel ilma mitte seega kuid sest ehk nii ole olla'.split(' '),
  ),
  en: new Set('the and of to is in for we will be that this with are not you it our have has from by as at can was an which would should their been'.split(' ')),
};

/** Letters of the three alphabets together: a–z, the Finnish and Estonian letters, š and ž. */
const LETTERS = new Set('abcdefghijklmnopqrstuvwxyzäöõüšžå');

function words(text: string): string[] {
  const found: string[] = [];
  let current = '';
  for (const char of text.toLowerCase()) {
    if (LETTERS.has(char)) current += char;
    else if (current) {
      found.push(current);
      current = '';
    }
  }
  if (current) found.push(current);
  return found;
}

const endsWithAny = (word: string, endings: readonly string[]) => word.length > 4 && endings.some((ending) => word.endsWith(ending));
const FI_ENDINGS = ['ssa', 'ssä', 'sta', 'stä', 'lla', 'llä', 'lle', 'ksi', 'nen', 'mme', 'nut', 'nyt', 'taan', 'tään'];
// Finnish words never end in d; Estonian participles, plurals and verbs do (English -ed left out).
const ET_ENDINGS = ['sse', 'ga', 'nud', 'tud', 'dud', 'vad', 'ad', 'id', 'takse', 'mine', 'mise', 'dele', 'tele'];

export function guessLanguage(text: string): GuessedLanguage | null {
  const list = words(text);
  if (list.length < 2) return null;
  const score: Record<GuessedLanguage, number> = { fi: 0, et: 0, en: 0 };
  for (const word of list) {
    for (const language of ['fi', 'et', 'en'] as const) if (WORDS[language].has(word)) score[language] += 2;
    if (word.includes('õ')) score.et += 3;
    if (word.includes('ü') || word.includes('š') || word.includes('ž')) score.et += 2;
    if (word.includes('ä') || word.includes('ö')) {
      // Both Finnish and Estonian write them; English never does.
      score.fi += 1;
      score.et += 1;
      score.en -= 2;
    }
    if (word.includes('y')) score.fi += 1;
    if (word.includes('yy') || word.includes('äy') || word.includes('öy')) score.fi += 2;
    if (endsWithAny(word, FI_ENDINGS)) score.fi += 1;
    if (endsWithAny(word, ET_ENDINGS)) score.et += 1;
  }
  const ranked = (Object.entries(score) as [GuessedLanguage, number][]).sort((a, b) => b[1] - a[1]);
  const [first, second] = ranked;
  return first[1] > 0 && first[1] > second[1] ? first[0] : null;
}
