// What a resident's status page says about the 大党委 project their request was gathered into: its name, the
// units doing it, and whether the community has confirmed it done. Never anyone's personal data.
import { and, asc, eq } from 'drizzle-orm';
import type { ProjectStatus } from '@/db/schema';
import type { AppDb } from '@/db/store';
import { cases, communityNeeds, coProjects, needCases, units } from '@/db/tables';

export type ProjectNotice = { needTitle: string; projects: { title: string; unitName: string; status: ProjectStatus; confirmedAt: Date | null }[] };

/** The need a status link's request was gathered into, with its projects (shelved ones left out); null when none. */
export async function projectNoticeForToken(db: AppDb, tokenHash: string): Promise<ProjectNotice | null> {
  const [need] = await db
    .select({ id: communityNeeds.id, title: communityNeeds.title })
    .from(cases)
    .innerJoin(needCases, eq(needCases.caseId, cases.id))
    .innerJoin(communityNeeds, eq(communityNeeds.id, needCases.needId))
    .where(and(eq(cases.publicTokenHash, tokenHash), eq(communityNeeds.active, true)))
    .limit(1);
  if (!need) return null;
  const projects = await db
    .select({ title: coProjects.title, unitName: units.name, status: coProjects.status, confirmedAt: coProjects.confirmedAt })
    .from(coProjects)
    .innerJoin(units, eq(units.id, coProjects.ownerUnitId))
    .where(eq(coProjects.needId, need.id))
    .orderBy(asc(coProjects.id));
  return { needTitle: need.title, projects: projects.filter((p) => p.status !== 'shelved') };
}
