// The first-load measure reads the scripts a browser would load: every src once, `nomodule` ones left out.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { firstLoadJs, gzipSize, scriptSources } from './first-load-js';

test('script sources: module and classic scripts, each once, entities decoded; nomodule and inline scripts skipped', () => {
  const html = [
    '<script src="/_next/static/chunks/a.js" async=""></script>',
    '<script type="module" src="/m.js?x=1&amp;y=2"></script>',
    '<script src="/_next/static/chunks/a.js"></script>',
    '<script src="/polyfills.js" noModule=""></script>',
    '<script>self.__next_f.push([1,"x"])</script>',
    "<script src='/single.js'></script>",
  ].join('');
  assert.deepEqual(scriptSources(html), ['/_next/static/chunks/a.js', '/m.js?x=1&y=2', '/single.js']);
  assert.deepEqual(scriptSources('<html><body><p>no scripts</p></body></html>'), []);
});

test('a page is weighed by fetching each of its scripts and gzipping it', async (t) => {
  const script = 'console.log("hello");'.repeat(200);
  const server = http.createServer((req, res) => {
    if (req.url === '/page') return res.end('<html><script src="/a.js"></script><script src="/b.js" nomodule></script></html>');
    if (req.url === '/a.js') return res.end(script);
    res.statusCode = 404;
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => server.close());
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const weight = await firstLoadJs(`${base}/page`);
  assert.equal(weight.status, 200);
  assert.deepEqual(weight.scripts, [{ src: '/a.js', bytes: script.length, gzip: gzipSize(script) }]);
  assert.equal(weight.gzipTotal, gzipSize(script));
  const missing = await firstLoadJs(`${base}/nothing`);
  assert.equal(missing.status, 404);
  assert.equal(missing.gzipTotal, 0);
});
