import { Fragment } from 'react';
import { markedParts, type MarkRange } from './marks.ts';

/** A text with what a search matched in `<mark>`: read out as the text it is, shown highlighted. */
export function Marked({ text, ranges }: { text: string; ranges?: readonly MarkRange[] }) {
  if (!ranges?.length) return <>{text}</>;
  return (
    <>
      {markedParts(text, ranges).map((part, index) => (part.marked ? <mark key={index}>{part.text}</mark> : <Fragment key={index}>{part.text}</Fragment>))}
    </>
  );
}
