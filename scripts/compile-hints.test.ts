import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { addCompileHints, COMPILE_HINT, withCompileHint } from './compile-hints';

test('every script chunk of a build gets the compile hint on its first line, once; other files stay as they are', () => {
  const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'compile-hints-'));
  try {
    const chunks = path.join(dist, 'static', 'chunks');
    fs.mkdirSync(path.join(chunks, 'pages'), { recursive: true });
    const framework = '(globalThis.TURBOPACK||(globalThis.TURBOPACK=[])).push([1,e=>{"use strict";}]);';
    fs.writeFileSync(path.join(chunks, 'a.js'), framework);
    fs.writeFileSync(path.join(chunks, 'pages', 'b.js'), 'console.log(1)');
    fs.writeFileSync(path.join(chunks, 'c.css'), 'body{}');
    fs.writeFileSync(path.join(chunks, 'a.js.map'), '{}');

    assert.equal(addCompileHints(dist), 2);
    const a = fs.readFileSync(path.join(chunks, 'a.js'), 'utf8');
    assert.equal(a, `${COMPILE_HINT}${framework}`);
    // V8 reads the magic comment only as the script's first line.
    assert.equal(a.split('\n')[0], '//# allFunctionsCalledOnLoad');
    assert.equal(fs.readFileSync(path.join(chunks, 'pages', 'b.js'), 'utf8'), `${COMPILE_HINT}console.log(1)`);
    assert.equal(fs.readFileSync(path.join(chunks, 'c.css'), 'utf8'), 'body{}');
    assert.equal(fs.readFileSync(path.join(chunks, 'a.js.map'), 'utf8'), '{}');

    // A second run (the script run twice on one build) changes nothing.
    assert.equal(addCompileHints(dist), 0);
    assert.equal(fs.readFileSync(path.join(chunks, 'a.js'), 'utf8'), `${COMPILE_HINT}${framework}`);
  } finally {
    fs.rmSync(dist, { recursive: true, force: true });
  }
});

test('the hint is added in front of the code, which runs unchanged', () => {
  const hinted = withCompileHint('globalThis.__hinted = 6 * 7;');
  new Function(hinted)();
  assert.equal((globalThis as { __hinted?: number }).__hinted, 42);
  assert.equal(withCompileHint(hinted), hinted);
});
