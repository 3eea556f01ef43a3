/** The four-level chain 社区党总支—小区党支部—楼栋党小组—党员中心户 down to this node. */
export function PartyChain({ links }: { links: { level: string; name: string }[] }) {
  if (links.length === 0) return null;
  return (
    <ol aria-label="党组织链条" className="flex flex-wrap items-center gap-1 text-sm">
      {links.map((l, i) => (
        <li key={`${l.level}-${l.name}`} className="flex items-center gap-1">
          {i > 0 && <span aria-hidden="true">—</span>}
          <span className="rounded bg-red-50 px-2 py-0.5 text-red-900">
            <span className="sr-only">{l.level}：</span>
            {l.name}
          </span>
        </li>
      ))}
    </ol>
  );
}
