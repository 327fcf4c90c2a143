/**
 * A column's name beside its value where a `.stack-table`'s rows are stacked (narrow screens); the
 * table's headers name it for screen readers, so this is hidden from them. A stacked table keeps
 * its semantics through explicit roles (`role="table"`, `row`, `cell`…), which CSS display drops.
 */
export function StackLabel({ children }: { children: string }) {
  return (
    <span className="stack-label" aria-hidden="true">
      {children}
    </span>
  );
}
