import assert from 'node:assert/strict';
import { test } from 'node:test';
import { softTarget } from './soft-target';

const ORIGIN = 'https://yh.example.cn';
const click = { button: 0, metaKey: false, ctrlKey: false, shiftKey: false, altKey: false, defaultPrevented: false };
const link = (href: string | null, attrs: { target?: string; download?: boolean } = {}) => ({
  target: attrs.target ?? '',
  hasAttribute: (name: string) => name === 'download' && Boolean(attrs.download),
  getAttribute: (name: string) => (name === 'href' ? href : null),
});

test('a plain click on a link of the app opens its path, query and fragment in the app', () => {
  assert.equal(softTarget(click, link('/desk/cases?handlerId=267&from=2026-01-01'), ORIGIN), '/desk/cases?handlerId=267&from=2026-01-01');
  assert.equal(softTarget(click, link(`${ORIGIN}/desk/stats?show=grid#by-grid`), ORIGIN), '/desk/stats?show=grid#by-grid');
});

test('the browser keeps new tabs, downloads, other sites, in-page anchors and other buttons', () => {
  for (const key of ['metaKey', 'ctrlKey', 'shiftKey', 'altKey'] as const) {
    assert.equal(softTarget({ ...click, [key]: true }, link('/desk/cases'), ORIGIN), null, key);
  }
  assert.equal(softTarget({ ...click, button: 1 }, link('/desk/cases'), ORIGIN), null, 'middle button');
  assert.equal(softTarget({ ...click, defaultPrevented: true }, link('/desk/cases'), ORIGIN), null, 'handled already');
  assert.equal(softTarget(click, link('/desk/cases', { target: '_blank' }), ORIGIN), null, 'target _blank');
  assert.equal(softTarget(click, link('/desk/cases', { target: '_self' }), ORIGIN), '/desk/cases', 'target _self');
  assert.equal(softTarget(click, link('/desk/exports/1', { download: true }), ORIGIN), null, 'download');
  assert.equal(softTarget(click, link('https://www.gov.cn/'), ORIGIN), null, 'another origin');
  assert.equal(softTarget(click, link('#by-grid'), ORIGIN), null, 'an anchor on the page');
  assert.equal(softTarget(click, link(null), ORIGIN), null, 'no href');
  assert.equal(softTarget(click, null, ORIGIN), null, 'not on a link');
});
