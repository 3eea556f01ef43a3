// Numbers a resident can call from the request pages: emergencies first, then their grid.
import type { GridContact } from '@/lib/org/grid-contact';

const EMERGENCY = [
  { number: '110', label: '报警' },
  { number: '119', label: '火警' },
  { number: '120', label: '急救' },
] as const;

const link = 'inline-flex min-h-11 items-center justify-center rounded-lg font-semibold underline-offset-2';

/** 110/119/120 as links a phone dials with one tap. */
export function EmergencyNumbers() {
  return (
    <section aria-label="紧急电话" className="rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-900">
      <p>火灾、治安、急病等紧急情况请不要在这里提交，直接拨打：</p>
      <ul className="mt-1 flex gap-2">
        {EMERGENCY.map((e) => (
          <li key={e.number} className="flex-1">
            <a href={`tel:${e.number}`} className={`${link} w-full border border-red-300 bg-white px-2 text-red-900`}>
              {e.label} {e.number}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** "联系所在网格的网格员": names and the published service phone, when the community has one. */
export function GridContactCard({ contact }: { contact: GridContact | null }) {
  if (!contact) return null;
  const names = contact.workerNames.join('、');
  return (
    <section aria-labelledby="grid-contact-heading" className="rounded-lg border border-stone-200 bg-white px-3 py-2 text-sm text-stone-700">
      <h2 id="grid-contact-heading" className="font-medium text-stone-900">
        联系所在网格的网格员
      </h2>
      <p className="mt-1">
        {contact.gridName}
        {names && `：网格员 ${names}`}
      </p>
      {contact.servicePhone ? (
        <a href={`tel:${contact.servicePhone}`} className={`${link} mt-1 border border-stone-300 px-3 text-blue-800`}>
          服务电话 {contact.servicePhone}
        </a>
      ) : (
        <p className="mt-1 text-stone-600">可凭事项编号到社区服务站找网格员。</p>
      )}
    </section>
  );
}
