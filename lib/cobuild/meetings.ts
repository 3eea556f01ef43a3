// 联席议事: the record of a joint meeting of a community and its units, and the needs and project steps it decided.
import { and, asc, desc, eq, inArray, isNotNull } from 'drizzle-orm';
import type { AppDb, Store } from '@/db/store';
import { communityNeeds, coProjects, jointMeetings, meetingUnits, orgNodes, projectUpdates, units } from '@/db/tables';
import { writeChange } from '@/lib/registry/audit';
import { communityIdsIn, communityInScope, isDesk, refuse, unitsServing, type CoActor, type Result } from './access';
import type { MeetingInput } from './schemas';

/** Records a meeting with the units present; each line of `newNeeds` becomes a need of the community raised by it. */
export async function recordMeeting(store: Store, actor: CoActor, input: MeetingInput, now = new Date()): Promise<Result<{ meetingId: number }>> {
  if (!isDesk(actor.role)) return { ok: false, code: 'forbidden', message: '联席议事由社区书记记录。' };
  return store.write(async (tx): Promise<Result<{ meetingId: number }>> => {
    const community = await communityInScope(tx, actor.scope, input.communityId);
    if (!community) return refuse('请选择您负责的社区', 'communityId');
    const serving = await unitsServing(tx, community.path);
    if (input.unitIds.some((id) => !serving.some((u) => u.id === id))) return refuse('参会单位须是服务本社区的单位', 'unitIds');
    const [row] = await tx
      .insert(jointMeetings)
      .values({ communityId: community.id, heldOn: input.heldOn, topics: input.topics, decisions: input.decisions, createdByAccountId: actor.id, createdAt: now })
      .returning({ id: jointMeetings.id });
    const meetingId = row!.id;
    await tx.insert(meetingUnits).values(input.unitIds.map((unitId) => ({ meetingId, unitId })));
    await writeChange(
      tx,
      { accountId: actor.id, action: 'record_joint_meeting', subject: `meeting:${meetingId}`, before: null, after: { communityId: community.id, heldOn: input.heldOn, unitIds: input.unitIds, topics: input.topics, decisions: input.decisions } },
      now,
    );
    for (const title of input.newNeeds) {
      const [need] = await tx
        .insert(communityNeeds)
        .values({ communityId: community.id, title, description: null, source: 'meeting', meetingId, createdByAccountId: actor.id, createdAt: now, updatedAt: now })
        .returning({ id: communityNeeds.id });
      await writeChange(tx, { accountId: actor.id, action: 'create_need', subject: `need:${need!.id}`, before: null, after: { communityId: community.id, title, source: 'meeting', meetingId } }, now);
    }
    const raised = input.newNeeds.length > 0 ? `，新增需求 ${input.newNeeds.length} 条` : '';
    return { ok: true, meetingId, message: `已记录 ${input.heldOn} 的联席议事${raised}。` };
  });
}

export type MeetingListItem = Awaited<ReturnType<typeof listMeetings>>[number];

/** The meetings of a scope's communities, newest first, with who attended and what they decided in the lists. */
export async function listMeetings(db: AppDb, actor: Pick<CoActor, 'role' | 'scope'>) {
  if (!isDesk(actor.role)) return [];
  const meetings = await db
    .select({ id: jointMeetings.id, communityId: jointMeetings.communityId, communityName: orgNodes.name, heldOn: jointMeetings.heldOn, topics: jointMeetings.topics, decisions: jointMeetings.decisions })
    .from(jointMeetings)
    .innerJoin(orgNodes, eq(orgNodes.id, jointMeetings.communityId))
    .where(inArray(jointMeetings.communityId, communityIdsIn(db, actor.scope)))
    .orderBy(desc(jointMeetings.heldOn), desc(jointMeetings.id));
  if (meetings.length === 0) return [];
  const ids = meetings.map((m) => m.id);
  const [present, needs, projects, steps] = await Promise.all([
    db.select({ meetingId: meetingUnits.meetingId, name: units.name }).from(meetingUnits).innerJoin(units, eq(units.id, meetingUnits.unitId)).where(inArray(meetingUnits.meetingId, ids)).orderBy(asc(units.id)),
    db.select({ meetingId: communityNeeds.meetingId, id: communityNeeds.id, title: communityNeeds.title }).from(communityNeeds).where(inArray(communityNeeds.meetingId, ids)).orderBy(asc(communityNeeds.id)),
    db.select({ meetingId: coProjects.meetingId, id: coProjects.id, title: coProjects.title }).from(coProjects).where(inArray(coProjects.meetingId, ids)).orderBy(asc(coProjects.id)),
    db
      .select({ meetingId: projectUpdates.meetingId, projectId: projectUpdates.projectId, step: projectUpdates.step, title: coProjects.title })
      .from(projectUpdates)
      .innerJoin(coProjects, eq(coProjects.id, projectUpdates.projectId))
      .where(and(inArray(projectUpdates.meetingId, ids), isNotNull(projectUpdates.meetingId)))
      .orderBy(asc(projectUpdates.id)),
  ]);
  return meetings.map((m) => ({
    ...m,
    units: present.filter((p) => p.meetingId === m.id).map((p) => p.name),
    needs: needs.filter((n) => n.meetingId === m.id).map(({ id, title }) => ({ id, title })),
    projects: projects.filter((p) => p.meetingId === m.id).map(({ id, title }) => ({ id, title })),
    // Steps other than the creation of the projects listed above: updates decided at the meeting.
    updates: steps.filter((s) => s.meetingId === m.id && s.step !== 'create').map(({ projectId, step, title }) => ({ projectId, step, title })),
  }));
}

/** The meetings of one community, for the "decided at" pickers of the project forms. */
export async function meetingsOfCommunity(db: AppDb, communityId: number) {
  return db
    .select({ id: jointMeetings.id, heldOn: jointMeetings.heldOn })
    .from(jointMeetings)
    .where(eq(jointMeetings.communityId, communityId))
    .orderBy(desc(jointMeetings.heldOn), desc(jointMeetings.id))
    .limit(20);
}
