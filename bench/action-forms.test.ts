// The load test's no-JavaScript browser (bench/action-forms.ts) on the QR page's shape: 附议 forms before the request
// form, and the request form's visible fields streamed later than its opening tag. Posting every form's hidden fields
// at once was bench:load's "HTTP 400" (Next refuses more than two $ACTION_REF_ fields in one MPA post).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { actionForms, actionIds, formBody } from './action-forms';

const SUBMIT = '70fed3a2c16c29f19cab33213230132861e2dd8e98';
const SUPPORT = '7062d38875678f3545f4f52718ec20bb3d4bda4d96';
const descriptor = (id: string) => `{&quot;id&quot;:&quot;${id}&quot;,&quot;bound&quot;:&quot;$@1&quot;}`;

/** A support form as React's server renderer writes it: the hidden fields right after the opening tag. */
const supportForm = (n: number, publicationId: number) =>
  `<form action="" encType="multipart/form-data" method="POST" class="mt-2 space-y-2"><input type="hidden" name="$ACTION_REF_${n}"/>` +
  `<input type="hidden" name="$ACTION_${n}:0" value="${descriptor(SUPPORT)}"/><input type="hidden" name="$ACTION_${n}:1" value="[&quot;abc&quot;,${publicationId}]"/>` +
  `<details class="text-sm"><summary>留下手机号</summary><label><input name="phone" type="tel"/></label></details><button type="submit">我也遇到了（附议）</button></form>`;

const PAGE =
  `<main><h1>龙盛华庭 1号楼</h1><section>${supportForm(0, 11)}${supportForm(1, 12)}</section>` +
  // The request form: its hidden fields with it, its visible fields in a part sent later (a suspended boundary).
  `<div class="mt-6"><form action="" encType="multipart/form-data" method="POST" novalidate="" class="space-y-6"><input type="hidden" name="$ACTION_REF_2"/>` +
  `<input type="hidden" name="$ACTION_2:0" value="${descriptor(SUBMIT)}"/><input type="hidden" name="$ACTION_2:1" value="[&quot;abc&quot;,{&quot;status&quot;:&quot;idle&quot;}]"/>` +
  `<input type="hidden" name="$ACTION_KEY" value="k1a2b3"/><!--$?--><template id="B:0"></template><!--/$--></form></div></main>` +
  `<div hidden id="S:0"><textarea id="description" name="description"></textarea><input id="place" name="place"/></div>` +
  `<form action="/search"><input type="hidden" name="q" value="x"/></form>`;

test('finds every server-action form by its action id, with only its own hidden fields', () => {
  const forms = actionForms(PAGE);
  assert.deepEqual(
    forms.map((f) => f.actionId),
    [SUPPORT, SUPPORT, SUBMIT],
    'the plain search form is no server action',
  );
  const request = forms.find((f) => f.actionId === SUBMIT)!;
  assert.deepEqual(request.hidden, [
    ['$ACTION_REF_2', ''],
    ['$ACTION_2:0', `{"id":"${SUBMIT}","bound":"$@1"}`],
    ['$ACTION_2:1', '["abc",{"status":"idle"}]'],
    ['$ACTION_KEY', 'k1a2b3'],
  ]);
  assert.deepEqual(forms[1]!.hidden.map(([name]) => name), ['$ACTION_REF_1', '$ACTION_1:0', '$ACTION_1:1']);
  assert.equal(forms[1]!.hidden[2]![1], '["abc",12]');
});

test('the body of one form holds one $ACTION_REF_, then the fields filled in', () => {
  const request = actionForms(PAGE).find((f) => f.actionId === SUBMIT)!;
  const body = formBody(request, { description: '路灯坏了', place: '1单元门口' });
  const names = [...body.keys()];
  assert.equal(names.filter((n) => n.startsWith('$ACTION_REF_')).length, 1);
  assert.deepEqual(names, ['$ACTION_REF_2', '$ACTION_2:0', '$ACTION_2:1', '$ACTION_KEY', 'description', 'place']);
  assert.equal(body.get('description'), '路灯坏了');
});

test('an action without bound arguments is known by its $ACTION_ID_ field', () => {
  const forms = actionForms(`<form action="" method="POST"><input type="hidden" name="$ACTION_ID_${SUBMIT}"/><input name="x"/></form>`);
  assert.deepEqual(forms, [{ actionId: SUBMIT, hidden: [[`$ACTION_ID_${SUBMIT}`, '']] }]);
});

test("the ids come from the build's server-reference manifest, by exported name", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yinghuo-bench-manifest-'));
  try {
    fs.mkdirSync(path.join(dir, 'server'));
    const file = 'app/(public)/s/[code]/actions.ts';
    const manifest = {
      node: {
        [SUBMIT]: { workers: {}, filename: file, exportedName: 'submitRequest' },
        [SUPPORT]: { workers: {}, filename: file, exportedName: 'supportRequest' },
        other: { workers: {}, filename: 'app/(desk)/x/actions.ts', exportedName: 'submitRequest' },
      },
      edge: {},
    };
    fs.writeFileSync(path.join(dir, 'server', 'server-reference-manifest.json'), JSON.stringify(manifest));
    assert.deepEqual(
      actionIds(dir, file),
      new Map([
        ['submitRequest', SUBMIT],
        ['supportRequest', SUPPORT],
      ]),
    );
    assert.throws(() => actionIds(dir, 'app/none.ts'), /no server actions of app\/none\.ts/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
