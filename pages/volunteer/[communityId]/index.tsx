// A community's coming volunteer activities and their sign-up, for residents (no account, nothing personal shown).
// Script-free (pages/_document.tsx): the sign-up is a plain form posted to this page.
import type { GetServerSideProps } from 'next';
import { z } from 'zod';
import { errorProps, FieldError } from '@/components/forms/field-error';
import { PublicHead } from '@/components/public/page-head';
import { appStore } from '@/db/store';
import { clientIp } from '@/lib/auth/client-ip';
import { formatDateTime } from '@/lib/format/datetime';
import { nodeHeaders, readNodeFormPost } from '@/lib/http/form-post';
import { publicPageCacheControl } from '@/lib/http/public-cache';
import { idParamSchema, parseId } from '@/lib/org/schemas';
import { publicCommunity, SIGNED_UP_MESSAGE, signUp, signUpSchema, upcomingActivities, type PublicActivity } from '@/lib/points/activities';
import { ACTIVITY_KIND_LABELS } from '@/lib/points/labels';

export const config = { unstable_runtimeJS: false };

/** The answer to a sign-up, shown in its activity's card: the message, each field's error, the values to refill. */
type SignUpState = { activityId: number | null; ok: boolean; message: string; fieldErrors: Record<string, string[]>; values: Record<string, string> };
type Activity = Omit<PublicActivity, 'startsAt'> & { when: string };
type Props = { community: { id: number; name: string }; activities: Activity[]; state: SignUpState | null };

const FIELDS = ['activityId', 'name', 'phone'] as const;

/** A POST is a sign-up: refused input comes back on the page with its errors (status 422); success redirects (303) to a GET that says so. */
export const getServerSideProps: GetServerSideProps<Props> = async ({ params, req, res, query }) => {
  const id = parseId(String(params?.communityId ?? ''));
  if (id === null) return { notFound: true };
  const db = appStore().db;
  const community = await publicCommunity(db, id);
  if (!community) return { notFound: true };

  let state: SignUpState | null = null;
  if (req.method === 'POST') {
    const post = await readNodeFormPost(req);
    if (!post.ok) {
      res.statusCode = post.status;
      state = { activityId: null, ok: false, message: post.message, fieldErrors: {}, values: {} };
    } else {
      const values = Object.fromEntries(FIELDS.map((f) => [f, post.form.get(f) ?? ''])) as Record<string, string>;
      const activity = idParamSchema.safeParse(values.activityId);
      const activityId = activity.success ? activity.data : null;
      const parsed = signUpSchema.safeParse(values);
      if (!parsed.success) {
        res.statusCode = 422;
        const fieldErrors = Object.fromEntries(Object.entries(z.flattenError(parsed.error).fieldErrors).filter(([, v]) => v !== undefined)) as Record<string, string[]>;
        state = { activityId, ok: false, message: '请检查标出的内容。', fieldErrors, values };
      } else {
        const result = await signUp(appStore(), { communityId: community.id, input: parsed.data, ip: clientIp(nodeHeaders(req)) });
        if (!result.ok && result.code === 'not_found') return { notFound: true };
        if (result.ok) return { redirect: { destination: `/volunteer/${community.id}?signedUp=${parsed.data.activityId}#activity-${parsed.data.activityId}`, statusCode: 303 } };
        res.statusCode = result.code === 'rate_limited' ? 429 : result.code === 'invalid_input' ? 422 : 409;
        state = { activityId, ok: false, message: result.message, fieldErrors: result.fieldErrors ?? {}, values };
      }
    }
  } else {
    const signedUp = idParamSchema.safeParse(query.signedUp);
    if (signedUp.success) state = { activityId: signedUp.data, ok: true, message: SIGNED_UP_MESSAGE, fieldErrors: {}, values: {} };
  }
  // The plain list is the same for everybody; a page with an answer to someone's sign-up (the refused form with what
  // they typed, or the 报名成功 after the redirect) is theirs alone (lib/http/public-cache.ts).
  res.setHeader('Cache-Control', publicPageCacheControl(req, { personal: state !== null }));

  const activities = (await upcomingActivities(db, community.path, new Date())).map(({ startsAt, ...a }) => ({ ...a, when: formatDateTime(startsAt) }));
  return { props: { community: { id: community.id, name: community.name }, activities, state } };
};

const inputClass = 'mt-1 block w-full rounded-lg border border-stone-400 bg-white px-3 py-3 text-base aria-[invalid=true]:border-red-700';

function Field(props: { id: string; name: string; label: string; hint?: string; type?: 'text' | 'tel'; inputMode?: 'tel'; autoComplete: string; maxLength?: number; state: SignUpState | null }) {
  const error = props.state?.fieldErrors[props.name]?.[0];
  return (
    <div>
      <label htmlFor={props.id} className="block text-sm font-medium">
        {props.label}
        {props.hint && <span className="ml-1 text-xs font-normal text-stone-600">（{props.hint}）</span>}
      </label>
      <input
        id={props.id}
        name={props.name}
        type={props.type ?? 'text'}
        inputMode={props.inputMode}
        autoComplete={props.autoComplete}
        maxLength={props.maxLength}
        defaultValue={props.state?.values[props.name] ?? ''}
        className={inputClass}
        {...errorProps(props.id, error)}
      />
      <FieldError id={props.id} error={error} />
    </div>
  );
}

function Notice({ state }: { state: SignUpState }) {
  return state.ok ? (
    <p role="status" className="mt-2 rounded-lg border border-green-300 bg-green-50 px-3 py-2 text-sm text-green-900">
      {state.message}
    </p>
  ) : (
    <p role="alert" className="rounded-lg border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800">
      {state.message}
    </p>
  );
}

export default function VolunteerPage({ community, activities, state }: Props) {
  return (
    <main className="mx-auto min-h-dvh max-w-lg px-4 pb-12 pt-5">
      <PublicHead title="志愿活动报名" noIndex />
      <p className="text-sm font-medium text-brand-700">
        <span aria-hidden="true">✦ </span>萤火 · 志愿服务
      </p>
      <h1 className="mt-1 text-2xl font-bold leading-snug text-stone-900">{community.name}志愿活动</h1>
      <p className="mt-2 text-base text-stone-700">以户为单位积累志愿积分，积分可在社区文明超市兑换生活用品。</p>
      <p className="mt-2">
        <a href={`/volunteer/${community.id}/ranking`} className="inline-flex min-h-11 items-center text-blue-800 underline">
          查看本月积分榜 →
        </a>
      </p>
      {state && !state.ok && !activities.some((a) => a.id === state.activityId && a.remaining > 0) && (
        <div className="mt-4">
          <Notice state={state} />
        </div>
      )}
      {activities.length === 0 ? (
        <p className="mt-6 rounded-lg border border-stone-200 bg-white p-4 text-stone-700">近期没有可报名的活动，请留意社区通知。</p>
      ) : (
        <ul className="mt-6 space-y-4">
          {activities.map((a) => {
            const mine = state?.activityId === a.id ? state : null;
            return (
              <li key={a.id} id={`activity-${a.id}`} className="rounded-xl border border-stone-200 bg-white p-4 shadow-sm" aria-label={a.title}>
                <h2 className="text-lg font-semibold">{a.title}</h2>
                <p className="mt-1 text-sm text-stone-700">
                  {a.when} · {a.place}
                </p>
                <p className="text-sm text-stone-700">
                  {ACTIVITY_KIND_LABELS[a.kind]} · 每户 {a.points} 分 · {a.remaining > 0 ? `剩余名额 ${a.remaining}` : '名额已满'}
                </p>
                {mine?.ok && <Notice state={mine} />}
                {a.remaining > 0 && (
                  // Open again after a refused sign-up, so the resident sees why and the refilled fields.
                  <details className="mt-2" open={mine !== null && !mine.ok}>
                    <summary className="min-h-11 cursor-pointer py-2 font-medium text-blue-800">我要报名</summary>
                    <form method="post" action={`/volunteer/${community.id}#activity-${a.id}`} className="mt-2 space-y-3" aria-label={`报名：${a.title}`} noValidate>
                      <input type="hidden" name="activityId" value={a.id} />
                      <Field id={`name-${a.id}`} name="name" label="姓名" autoComplete="name" maxLength={20} state={mine} />
                      <Field id={`phone-${a.id}`} name="phone" label="手机号" type="tel" inputMode="tel" autoComplete="tel" hint="仅用于核对住户和活动联系，不会公开" state={mine} />
                      {mine && !mine.ok && <Notice state={mine} />}
                      <button type="submit" className="min-h-12 rounded-lg bg-brand-700 px-5 font-semibold text-white hover:bg-brand-800">
                        提交报名
                      </button>
                    </form>
                  </details>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </main>
  );
}
