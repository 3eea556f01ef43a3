// The mark of a retired node wherever it is still shown: words, not only a colour.
export function RetiredBadge() {
  return <span className="inline-block rounded bg-stone-600 px-1.5 py-0.5 text-xs font-medium text-white">已撤销</span>;
}
