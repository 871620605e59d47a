/** Contract: links, parents, merges, time, collaborators, auto-assignment; and the server's authentication. */
import { describe, expect, it } from 'vitest';
import { at, createTicket, freshStore, type MakeStore } from './fixture.js';

export function togetherAuthContract(make: MakeStore): void {
  describe('together', () => {
    const s = freshStore(make);

    it('links are one per pair whichever side made them; either side removes them', async () => {
      const { store, org } = s();
      const [a, b, c] = await store.write(async (tx) => [await createTicket(tx, org), await createTicket(tx, org), await createTicket(tx, org)]);
      await store.write(async (tx) => {
        await tx.together.setLink(a!.id, b!.id, 'relates', at(1));
        await tx.together.setLink(b!.id, a!.id, 'blocks', at(2));
        await tx.together.setLink(a!.id, c!.id, 'duplicates', at(3));
      });
      expect(await store.read((tx) => tx.together.linksOf(a!.id))).toEqual([
        { number: b!.number, type: 'blocks', outgoing: false }, { number: c!.number, type: 'duplicates', outgoing: true }]);
      expect(await store.read((tx) => tx.together.linkBetween(a!.id, b!.id))).toEqual({ type: 'blocks' });
      expect(await store.write((tx) => tx.together.removeLink(a!.id, b!.id))).toBe(true);
      expect(await store.write((tx) => tx.together.removeLink(b!.id, a!.id))).toBe(false);
      expect(await store.read((tx) => tx.together.linkBetween(b!.id, a!.id))).toBeNull();
    });

    it('parents, ancestors and children; numbers by id', async () => {
      const { store, org } = s();
      const [top, mid, leaf] = await store.write(async (tx) => [await createTicket(tx, org), await createTicket(tx, org), await createTicket(tx, org)]);
      await store.write(async (tx) => {
        await tx.together.setParent(mid!.id, top!.id);
        await tx.together.setParent(leaf!.id, mid!.id);
      });
      expect(await store.read((tx) => tx.together.ancestorsOf(leaf!.id))).toEqual([mid!.id, top!.id]);
      expect(await store.read((tx) => tx.together.childrenOf(top!.id))).toEqual([{ id: mid!.id, number: mid!.number, status: 'open' }]);
      expect(await store.read((tx) => tx.together.numberOf(leaf!.id))).toBe(leaf!.number);
      expect((await store.read((tx) => tx.tickets.ticketByNumber(leaf!.number)))?.parent_id).toBe(mid!.id);
      await store.write((tx) => tx.together.setParent(leaf!.id, null));
      expect(await store.read((tx) => tx.together.ancestorsOf(leaf!.id))).toEqual([]);
    });

    it('a merge moves the thread, time and collaborators, and marks the merged ticket', async () => {
      const { store, org } = s();
      const { from, into } = await store.write(async (tx) => {
        const f = await createTicket(tx, org);
        const i = await createTicket(tx, org);
        const entryId = await tx.thread.insertEntry({ ticketId: f.id, kind: 'reply', author: { agentId: org.agentId, userId: null }, title: null, body: 'moved', createdAt: at(1) });
        await tx.together.insertTime({ ticketId: f.id, agentId: org.agentId, entryId, minutes: 15, at: at(1) });
        await tx.together.insertTime({ ticketId: f.id, agentId: org.agentId, entryId: null, minutes: 5, at: at(2) });
        await tx.together.addCollaborator(f.id, org.user2Id);
        return { from: f, into: i };
      });
      expect(await store.read((tx) => tx.together.timeOf(from.id))).toBe(20);
      await store.write(async (tx) => {
        await tx.together.moveWork(from.id, into.id);
        await tx.together.setMergedInto(from.id, into.id);
      });
      expect((await store.read((tx) => tx.thread.entriesOf(into.id))).map((e) => e.body)).toEqual(['moved']);
      expect(await store.read((tx) => tx.thread.entriesOf(from.id))).toEqual([]);
      expect(await store.read((tx) => tx.together.timeOf(into.id))).toBe(20);
      const [entry] = await store.read((tx) => tx.thread.entriesOf(into.id));
      expect([...(await store.read((tx) => tx.together.timeByEntry(into.id))).entries()]).toEqual([[entry!.id, 15]]);
      expect(await store.read((tx) => tx.together.collaborators(into.id))).toEqual([{ id: org.user2Id, name: 'Dave User', email: 'dave@example.com' }]);
      expect((await store.read((tx) => tx.tickets.ticketByNumber(from.number)))?.merged_into_id).toBe(into.id);
      expect(await store.write((tx) => tx.together.removeCollaborator(into.id, org.user2Id))).toBe(true);
      expect(await store.write((tx) => tx.together.removeCollaborator(into.id, org.user2Id))).toBe(false);
    });

    it('automatic assignment: the rule of a department, its last pick, and the active candidates', async () => {
      const { store, org } = s();
      expect(await store.read((tx) => tx.together.autoAssignOf(org.deptId))).toEqual({ rule: null, team_id: null, team: null, last_id: null });
      const teamId = await store.write(async (tx) => {
        const id = await tx.org.insertTeam('Night');
        await tx.org.addTeamMember(id, org.agent2Id);
        await tx.together.setAutoAssign(org.deptId, 'round-robin', id);
        await tx.together.setAutoAssignLast(org.deptId, org.agent2Id);
        await createTicket(tx, org, { assignee_id: org.agentId });
        return id;
      });
      expect(await store.read((tx) => tx.together.autoAssignOf(org.deptId))).toEqual({ rule: 'round-robin', team_id: teamId, team: 'Night', last_id: org.agent2Id });
      expect(await store.read((tx) => tx.together.assignCandidates(org.deptId, null))).toEqual([{ id: org.agentId, username: 'alice', open_count: 1 }]);
      expect(await store.read((tx) => tx.together.assignCandidates(org.deptId, teamId))).toEqual([{ id: org.agent2Id, username: 'bob', open_count: 0 }]);
      await store.write((tx) => tx.org.setAgentActive(org.agentId, false));
      expect(await store.read((tx) => tx.together.assignCandidates(org.deptId, null))).toEqual([]);
    });
  });

  describe('auth', () => {
    const s = freshStore(make);

    it('password hashes, tokens and API keys by hash, revoked once', async () => {
      const { store, org } = s();
      expect(await store.read((tx) => tx.auth.passwordHash(org.agentId))).toBeNull();
      await store.write(async (tx) => {
        await tx.auth.setPasswordHash(org.agentId, 'h1', at(0));
        await tx.auth.setPasswordHash(org.agentId, 'h2', at(1));
      });
      expect(await store.read((tx) => tx.auth.passwordHash(org.agentId))).toBe('h2');

      const [t1, t2] = await store.write(async (tx) => [
        await tx.auth.insertToken({ agentId: org.agentId, name: 'laptop', hash: 'th1', createdAt: at(0), expiresAt: null }),
        await tx.auth.insertToken({ agentId: org.agent2Id, name: 'ci', hash: 'th2', createdAt: at(1), expiresAt: at(100) }),
      ]);
      expect(await store.read((tx) => tx.auth.tokenByHash('th1'))).toEqual({ id: t1, agent_id: org.agentId, agent: 'alice', name: 'laptop',
        created_at: at(0), expires_at: null, revoked_at: null });
      expect((await store.read((tx) => tx.auth.tokens())).map((t) => t.id)).toEqual([t2, t1]);
      expect((await store.read((tx) => tx.auth.tokens(org.agent2Id))).map((t) => t.id)).toEqual([t2]);
      await store.write(async (tx) => {
        await tx.auth.revokeToken(t1!, at(5));
        await tx.auth.revokeToken(t1!, at(9));
      });
      expect((await store.read((tx) => tx.auth.tokenById(t1!)))?.revoked_at).toBe(at(5));
      expect(await store.read((tx) => tx.auth.tokenByHash('nope'))).toBeNull();

      const k = await store.write((tx) => tx.auth.insertApiKey({ name: 'intake', hash: 'kh', ipCidr: '10.0.0.0/8', createdAt: at(0) }));
      expect(await store.read((tx) => tx.auth.apiKeyByHash('kh'))).toEqual({ id: k, name: 'intake', ip_cidr: '10.0.0.0/8', created_at: at(0), revoked_at: null });
      await store.write((tx) => tx.auth.revokeApiKey(k, at(3)));
      expect(await store.read((tx) => tx.auth.apiKeys())).toEqual([{ id: k, name: 'intake', ip_cidr: '10.0.0.0/8', created_at: at(0), revoked_at: at(3) }]);
      expect((await store.read((tx) => tx.auth.apiKeyById(k)))?.revoked_at).toBe(at(3));
    });

    it('failed logins count per address since a time, and old ones are forgotten', async () => {
      const { store } = s();
      await store.write(async (tx) => {
        for (const m of [0, 5, 10]) await tx.auth.recordLoginFailure('10.0.0.1', at(m));
        await tx.auth.recordLoginFailure('10.0.0.2', at(10));
      });
      expect(await store.read((tx) => tx.auth.loginFailuresSince('10.0.0.1', at(5)))).toBe(2);
      await store.write((tx) => tx.auth.pruneLoginFailures(at(10)));
      expect(await store.read((tx) => tx.auth.loginFailuresSince('10.0.0.1', at(0)))).toBe(1);
      expect(await store.read((tx) => tx.auth.loginFailuresSince('10.0.0.2', at(0)))).toBe(1);
    });
  });
}
