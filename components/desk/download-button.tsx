/**
 * A download that is an explicit action: a form POST with hidden fields. Unlike a link it is
 * never prefetched, so merely showing the page builds no file and logs no export.
 */
export function DownloadButton({ action, fields, label }: { action: string; fields: URLSearchParams; label: string }) {
  return (
    <form method="post" action={action}>
      {[...fields.entries()].map(([name, value], i) => (
        <input key={`${name}-${i}`} type="hidden" name={name} value={value} />
      ))}
      <button type="submit" className="inline-flex min-h-11 items-center rounded-lg border border-stone-400 bg-white px-4 font-medium hover:bg-stone-50">
        {label}
      </button>
    </form>
  );
}
