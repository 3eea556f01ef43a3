/** An unknown or switched-off QR code: say what to do instead, in a resident's words. */
export default function IntakePointNotFound() {
  return (
    <main className="mx-auto max-w-md px-4 py-16 text-center">
      <h1 className="text-2xl font-semibold">二维码已失效</h1>
      <p className="mt-3 text-stone-700">这个二维码不存在或已停用。请扫描张贴在小区、楼栋或微光心愿箱上的最新二维码，或直接联系您所在网格的网格员。</p>
      <p className="mt-3 text-sm text-stone-600">紧急情况请拨打 119 / 110 / 120。</p>
    </main>
  );
}
