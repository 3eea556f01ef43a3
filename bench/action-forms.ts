// The load test's browser without JavaScript: finds a server action's form in a page's HTML by the action's own id
// and posts it as the browser does. A page may hold several action forms (the QR page: a 附议 form per published
// request, then the request form), and a form's visible fields may come later in the stream than its opening tag
// (a part that suspended is sent afterwards in a hidden <div> and moved into place by script), so a form is known by
// its hidden fields, which React writes right after the <form> tag: $ACTION_REF_<n>, $ACTION_<n>:<k> (the action's id
// and its bound arguments) and, for a form of useActionState, $ACTION_KEY.
import fs from 'node:fs';
import path from 'node:path';

/** The ids the build gave the server actions of one module, by exported name (from its server-reference manifest). */
export function actionIds(buildDir: string, file: string): Map<string, string> {
  const manifestFile = path.join(buildDir, 'server', 'server-reference-manifest.json');
  if (!fs.existsSync(manifestFile)) throw new Error(`bench: no ${manifestFile} (run \`npm run build\`)`);
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as { node: Record<string, { filename?: string; exportedName?: string }> };
  const ids = new Map<string, string>();
  for (const [id, entry] of Object.entries(manifest.node)) {
    if (entry.filename === file && entry.exportedName) ids.set(entry.exportedName, id);
  }
  if (ids.size === 0) throw new Error(`bench: the build has no server actions of ${file}`);
  return ids;
}

const unescape = (v: string) => v.replaceAll('&quot;', '"').replaceAll('&#x27;', "'").replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');
const attribute = (tag: string, name: string) => {
  const m = new RegExp(`\\b${name}="([^"]*)"`).exec(tag);
  return m ? unescape(m[1]!) : undefined;
};

export type ActionForm = {
  /** The server action's id (from $ACTION_<n>:0, or $ACTION_ID_<id> for an action without bound arguments). */
  actionId: string;
  /** The form's hidden fields, in order: what the browser sends besides the visible ones. */
  hidden: [string, string][];
};

/** Every server-action form of a page, in document order. */
export function actionForms(html: string): ActionForm[] {
  const forms: ActionForm[] = [];
  for (const open of html.matchAll(/<form\b[^>]*>/g)) {
    const hidden: [string, string][] = [];
    // The run of hidden inputs right after the opening tag.
    const run = /\s*(<input\b[^>]*>)/y;
    run.lastIndex = open.index! + open[0].length;
    for (let input = run.exec(html); input; input = run.exec(html)) {
      const tag = input[1]!;
      const name = attribute(tag, 'name');
      if (attribute(tag, 'type') !== 'hidden' || !name?.startsWith('$ACTION_')) break;
      hidden.push([name, attribute(tag, 'value') ?? '']);
    }
    const actionId = actionIdOf(hidden);
    if (actionId) forms.push({ actionId, hidden });
  }
  return forms;
}

function actionIdOf(hidden: readonly [string, string][]): string | undefined {
  for (const [name, value] of hidden) {
    if (name.startsWith('$ACTION_ID_')) return name.slice('$ACTION_ID_'.length);
    if (/^\$ACTION_[^:]+:0$/.test(name)) {
      try {
        const id = (JSON.parse(value) as { id?: unknown }).id;
        if (typeof id === 'string') return id;
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/** The form's body as the browser sends it: its hidden fields, then the fields filled in. */
export function formBody(form: ActionForm, fields: Record<string, string>): FormData {
  const body = new FormData();
  for (const [name, value] of form.hidden) body.append(name, value);
  for (const [name, value] of Object.entries(fields)) body.append(name, value);
  return body;
}
