/**
 * Help topics (`topic add`, `topic edit`, `topic list`): admin use cases, one transaction each.
 */
import { named, says, UsageError } from '../../core/errors.js';
import type { Priority } from '../../core/model.js';
import { parseName } from '../../core/org.js';
import { asAdmin, readAsAgent, ChangeLog, type AdminResult } from '../admin.js';
import type { DeskContext } from '../context.js';
import { findDept, findSla, findTopic } from '../lookup.js';
import { toTopicObject, type TopicObject } from './view.js';
import { refuseDuplicate } from './depts.js';

/** A help topic and what it gives new tickets. */
export interface TopicInput {
  actor: string;
  name: string;
  dept?: string;
  priority?: Priority;
  sla?: string;
}

/** Adds a help topic: the department, priority and SLA it gives new tickets (each optional). */
export function addTopic(ctx: DeskContext, input: TopicInput): Promise<TopicObject> {
  return asAdmin(ctx, input.actor, 'add help topics', async (tx) => {
    const name = parseName('help topic', input.name);
    refuseDuplicate('help topic', await tx.org.topicByName(name), 'helpdesk topic list');
    const dept = input.dept === undefined ? null : await findDept(tx, input.dept);
    const sla = input.sla === undefined ? null : await findSla(tx, input.sla);
    await tx.org.insertTopic({ name, deptId: dept?.id ?? null, priority: input.priority ?? null, slaId: sla?.id ?? null });
    return toTopicObject((await tx.org.topicByName(name))!);
  });
}

/** Renames a help topic or changes what it gives new tickets (existing tickets keep theirs). */
export function editTopic(ctx: DeskContext, input: TopicInput & { rename?: string }): Promise<AdminResult<TopicObject>> {
  if ([input.rename, input.dept, input.priority, input.sla].every((v) => v === undefined)) {
    throw new UsageError('nothing to change', says`pass ${named('name')}, ${named('dept')}, ${named('priority')} or ${named('sla')}`);
  }
  return asAdmin(ctx, input.actor, 'edit help topics', async (tx) => {
    const topic = await findTopic(tx, input.name);
    const log = new ChangeLog();
    const patch: Parameters<typeof tx.org.updateTopic>[1] = {};
    if (input.rename !== undefined) {
      const name = parseName('help topic', input.rename, named('name'));
      const other = name === topic.name ? null : await tx.org.topicByName(name);
      if (other && other.id !== topic.id) refuseDuplicate('help topic', other, 'helpdesk topic list');
      if (name !== topic.name) patch.name = name;
    }
    if (input.dept !== undefined) {
      const dept = await findDept(tx, input.dept);
      if (dept.id !== topic.dept_id) patch.deptId = dept.id;
    }
    if (input.priority !== undefined && input.priority !== topic.priority) patch.priority = input.priority;
    if (input.sla !== undefined) {
      const sla = await findSla(tx, input.sla);
      if (sla.id !== topic.sla_id) patch.slaId = sla.id;
    }
    if (Object.keys(patch).length === 0) log.warn(`${topic.name} already has those values`);
    else {
      await tx.org.updateTopic(topic.id, patch);
      log.done();
    }
    return log.result(toTopicObject((await tx.org.topicByName(patch.name ?? topic.name))!));
  });
}

/** Every help topic with what it gives new tickets. Open to every agent. */
export function listTopics(ctx: DeskContext, who: string): Promise<TopicObject[]> {
  return readAsAgent(ctx, who, 'list help topics', async (tx) => (await tx.org.topics()).map(toTopicObject));
}
