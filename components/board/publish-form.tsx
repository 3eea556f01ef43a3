'use client';

import { useActionState } from 'react';

export type PublishState = { ok?: boolean; message?: string; fieldErrors?: Record<string, string[] | undefined> };

type Props = {
  number: string;
  current: { kind: 'wish' | 'request'; publicText: string; photoIds: number[]; withdrawn: boolean } | null;
  photoIds: number[];
  mayRequest: boolean;
  publish: (state: PublishState, formData: FormData) => Promise<PublishState>;
  withdraw: (state: PublishState, formData: FormData) => Promise<PublishState>;
};

/** Staff's decision about the public board: the public text (their words), where it shows, the photos; or withdraw. */
export function PublishForm({ number, current, photoIds, mayRequest, publish, withdraw }: Props) {
  const [state, publishAction, pending] = useActionState(publish, {});
  const [wState, withdrawAction, withdrawing] = useActionState(withdraw, {});
  const live = current && !current.withdrawn;
  return (
    <div className="space-y-3">
      <p className="text-sm text-stone-700">
        {live ? `已公开到${current.kind === 'wish' ? '心愿墙' : '扫码附议'}。` : current?.withdrawn ? '曾公开，已撤下。' : '尚未公开。'}
        公开文字须由工作人员撰写，不得包含居民姓名、电话、门牌号或原话。
      </p>
      <form action={publishAction} className="space-y-3">
        <input type="hidden" name="number" value={number} />
        <fieldset>
          <legend className="text-sm font-medium">公开到</legend>
          <label className="mr-4 inline-flex min-h-11 items-center gap-2">
            <input type="radio" name="kind" value="wish" defaultChecked={!current || current.kind === 'wish'} /> 心愿墙
          </label>
          {mayRequest && (
            <label className="inline-flex min-h-11 items-center gap-2">
              <input type="radio" name="kind" value="request" defaultChecked={current?.kind === 'request'} /> 扫码附议（同一地点的居民可附议）
            </label>
          )}
        </fieldset>
        <label className="block">
          <span className="text-sm font-medium">公开文字</span>
          <textarea name="publicText" rows={3} maxLength={200} required defaultValue={current?.publicText ?? ''} className="mt-1 block w-full rounded-lg border border-stone-400 px-3 py-2 text-base" />
        </label>
        {state.fieldErrors?.publicText && <p className="text-sm font-medium text-red-700">{state.fieldErrors.publicText[0]}</p>}
        {photoIds.length > 0 && (
          <fieldset>
            <legend className="text-sm font-medium">公开的照片（仅办理照片可选）</legend>
            <ul className="mt-1 grid grid-cols-3 gap-2">
              {photoIds.map((id, i) => (
                <li key={id}>
                  <label className="block">
                    {/* eslint-disable-next-line @next/next/no-img-element -- staff photo route */}
                    <img src={`/api/photos/${id}`} alt={`办理照片 ${i + 1}`} className="aspect-square w-full rounded object-cover" />
                    <span className="mt-1 inline-flex min-h-11 items-center gap-2 text-sm">
                      <input type="checkbox" name="photoIds" value={id} defaultChecked={current?.photoIds.includes(id)} /> 公开
                    </span>
                  </label>
                </li>
              ))}
            </ul>
          </fieldset>
        )}
        {state.message && (
          <p role="alert" className={`text-sm font-medium ${state.ok ? 'text-brand-800' : 'text-red-700'}`}>
            {state.message}
          </p>
        )}
        <button type="submit" disabled={pending} className="min-h-11 rounded-lg bg-brand-700 px-4 font-semibold text-white disabled:opacity-60">
          {live ? '保存公开内容' : '公开'}
        </button>
      </form>
      {live && (
        <form action={withdrawAction}>
          <input type="hidden" name="number" value={number} />
          {wState.message && (
            <p role="alert" className={`mb-2 text-sm font-medium ${wState.ok ? 'text-brand-800' : 'text-red-700'}`}>
              {wState.message}
            </p>
          )}
          <button type="submit" disabled={withdrawing} className="min-h-11 rounded-lg border-2 border-red-700 px-4 font-semibold text-red-800 disabled:opacity-60">
            撤下公开
          </button>
        </form>
      )}
    </div>
  );
}
