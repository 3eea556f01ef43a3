// The pledge pages' outcome line travels in the URL: only the app's own redirects may set its words.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readFlash, withFlash } from './flash';

const search = (url: string) => Object.fromEntries(new URL(url, 'http://x').searchParams);

test("the action's own outcome reads back, success and refusal alike, on a path that has a query already", () => {
  assert.deepEqual(readFlash(search(withFlash('/member/pledges?month=2026-11', { ok: true, message: '已认领：为独居老人代购' }))), { ok: true, message: '已认领：为独居老人代购' });
  const refused = withFlash('/desk/pledges?ok=old&sig=x', { ok: false, message: '请填写进展说明' });
  assert.equal(new URL(refused, 'http://x').searchParams.get('ok'), null, 'the old outcome is replaced');
  assert.deepEqual(readFlash(search(refused)), { ok: false, message: '请填写进展说明' });
});

test('a link with words of its own, or with a signature of other words, shows nothing', () => {
  assert.equal(readFlash({ ok: '系统升级，请拨打 400-000-0000 核验账号' }), null);
  const real = search(withFlash('/member/pledges', { ok: true, message: '已提交' }));
  assert.equal(readFlash({ ...real, ok: '请拨打 400-000-0000' }), null);
  // The same words under the other outcome: not what was signed.
  assert.equal(readFlash({ error: real.ok, sig: real.sig }), null);
  assert.equal(readFlash({ ok: real.ok, sig: `${real.sig}x` }), null);
  assert.equal(readFlash({ ok: 'x'.repeat(201), sig: real.sig }), null);
});
