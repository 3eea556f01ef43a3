/** A status link that matches no request: most often a link copied incompletely. */
export default function StatusLinkNotFound() {
  return (
    <main className="mx-auto max-w-md px-4 py-16 text-center">
      <h1 className="text-2xl font-semibold">找不到这条诉求</h1>
      <p className="mt-3 text-stone-700">链接可能不完整，请确认复制了完整的链接。也可以凭事项编号向所在网格的网格员查询进度。</p>
    </main>
  );
}
