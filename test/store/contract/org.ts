/** Contract: roles, departments, teams, help topics, agents and end users. */
import { describe, expect, it } from 'vitest';
import { ConflictError } from '../../../src/core/errors.js';
import { T0, createTicket, freshStore, type MakeStore } from './fixture.js';

export function orgContract(make: MakeStore): void {
  describe('org', () => {
    const s = freshStore(make);

    it('roles keep their permissions; names are unique whatever their case', async () => {
      const { store, org } = s();
      const role = await store.read((tx) => tx.org.roleByName('STAFF'));
      expect(role).toEqual({ id: org.roleId, name: 'Staff', permissions: ['view', 'create', 'reply', 'note'] });
      await store.write((tx) => tx.org.insertRole('Empty', []));
      expect((await store.read((tx) => tx.org.roles())).map((r) => [r.name, r.permissions])).toEqual([
        ['Staff', ['view', 'create', 'reply', 'note']], ['Empty', []]]);
      await expect(store.write((tx) => tx.org.insertRole('staff', ['view']))).rejects.toBeInstanceOf(ConflictError);
    });

    it('departments: by name (Unicode case too), by id with their plan, renamed, in use, deleted', async () => {
      const { store, org } = s();
      expect((await store.read((tx) => tx.org.departments())).map((d) => d.name)).toEqual(['Billing', 'Support']);
      expect(await store.read((tx) => tx.org.deptById(org.deptId))).toMatchObject({ id: org.deptId, name: 'Support', sla_id: org.slaId, sla: 'Standard' });
      const id = await store.write((tx) => tx.org.insertDept('Ärger', null));
      expect((await store.read((tx) => tx.org.deptByName('ärger')))?.id).toBe(id);
      expect(await store.read((tx) => tx.org.deptByName('nobody'))).toBeNull();
      await expect(store.write((tx) => tx.org.insertDept('SUPPORT', null))).rejects.toBeInstanceOf(ConflictError);
      await expect(store.write((tx) => tx.org.updateDept(id, { name: 'Billing' }))).rejects.toBeInstanceOf(ConflictError);
      await store.write((tx) => tx.org.updateDept(id, { name: 'Complaints', slaId: org.slaId }));
      expect(await store.read((tx) => tx.org.deptById(id))).toMatchObject({ name: 'Complaints', sla: 'Standard' });
      await store.write((tx) => tx.org.updateDept(id, { slaId: null }));
      expect(await store.read((tx) => tx.org.deptById(id))).toMatchObject({ name: 'Complaints', sla_id: null, sla: null });

      await store.write(async (tx) => {
        await createTicket(tx, org);
        const t = await createTicket(tx, org);
        await tx.tickets.updateTicket(t.id, { status: 'closed', closed_at: T0 });
        await tx.org.insertTopic({ name: 'Hardware', deptId: org.deptId, priority: null, slaId: null });
      });
      expect(await store.read((tx) => tx.org.deptUsage(org.deptId))).toEqual({ tickets: 2, openTickets: 1, agents: ['alice'], topics: ['Hardware'] });
      expect(await store.read((tx) => tx.org.deptUsage(id))).toEqual({ tickets: 0, openTickets: 0, agents: [], topics: [] });
      await store.write(async (tx) => {
        await tx.org.setGrant(org.agentId, id, org.roleId);
        await tx.org.deleteDept(id);
      });
      expect(await store.read((tx) => tx.org.deptById(id))).toBeNull();
      expect(await store.read((tx) => tx.org.grantsOf(org.agentId))).toEqual([]);
    });

    it('teams: members by username, added once, removed, and the teams of an agent', async () => {
      const { store, org } = s();
      const teamId = await store.write(async (tx) => {
        const id = await tx.org.insertTeam('Night');
        await tx.org.addTeamMember(id, org.agent2Id);
        await tx.org.addTeamMember(id, org.agentId);
        await tx.org.addTeamMember(id, org.agentId);
        return id;
      });
      expect(await store.read((tx) => tx.org.teamByName('night'))).toEqual({ id: teamId, name: 'Night', members: ['alice', 'bob'] });
      expect(await store.read((tx) => tx.org.teamIdsOf(org.agentId))).toEqual([teamId]);
      expect(await store.write((tx) => tx.org.removeTeamMember(teamId, org.agentId))).toBe(true);
      expect(await store.write((tx) => tx.org.removeTeamMember(teamId, org.agentId))).toBe(false);
      expect(await store.read((tx) => tx.org.teams())).toEqual([{ id: teamId, name: 'Night', members: ['bob'] }]);
      await expect(store.write((tx) => tx.org.insertTeam('NIGHT'))).rejects.toBeInstanceOf(ConflictError);
    });

    it('help topics carry the names of their department and plan, and change', async () => {
      const { store, org } = s();
      const id = await store.write((tx) => tx.org.insertTopic({ name: 'Billing question', deptId: org.dept2Id, priority: 'high', slaId: org.slaId }));
      expect(await store.read((tx) => tx.org.topicByName('billing QUESTION'))).toMatchObject({
        id, name: 'Billing question', dept_id: org.dept2Id, department: 'Billing', priority: 'high', sla_id: org.slaId, sla: 'Standard' });
      await store.write((tx) => tx.org.updateTopic(id, { deptId: null, priority: null }));
      expect(await store.read((tx) => tx.org.topics())).toMatchObject([{
        id, name: 'Billing question', dept_id: null, department: null, priority: null, sla_id: org.slaId, sla: 'Standard' }]);
    });

    it('agents: looked up by username or email, edited, deactivated, with extra department grants', async () => {
      const { store, org } = s();
      const alice = await store.read((tx) => tx.org.agentByUsername('ALICE'));
      expect(alice).toMatchObject({ id: org.agentId, username: 'alice', department: 'Support', role: 'Staff', is_admin: 0, active: 1,
        permissions: ['view', 'create', 'reply', 'note'], created_at: T0 });
      expect((await store.read((tx) => tx.org.agents())).map((a) => a.username)).toEqual(['alice', 'bob']);
      await store.write(async (tx) => {
        await tx.org.updateAgent(org.agentId, { name: 'Alice Smith', deptId: org.dept2Id, isAdmin: true });
        await tx.org.setAgentActive(org.agent2Id, false);
      });
      expect(await store.read((tx) => tx.org.agentByUsername('alice'))).toMatchObject({ name: 'Alice Smith', department: 'Billing', is_admin: 1 });
      expect(await store.read((tx) => tx.org.agentByUsername('bob'))).toMatchObject({ active: 0 });
      await store.write((tx) => tx.org.setAgentActive(org.agent2Id, true));
      expect(await store.read((tx) => tx.org.agentByUsername('bob'))).toMatchObject({ active: 1 });
      await expect(store.write((tx) => tx.org.insertAgent({
        username: 'Alice', name: 'x', email: null, deptId: org.deptId, roleId: org.roleId, isAdmin: false, createdAt: T0,
      }))).rejects.toBeInstanceOf(ConflictError);

      const viewer = await store.write((tx) => tx.org.insertRole('Viewer', ['view']));
      await store.write(async (tx) => {
        await tx.org.setGrant(org.agentId, org.deptId, org.roleId);
        await tx.org.setGrant(org.agentId, org.deptId, viewer);
      });
      expect(await store.read((tx) => tx.org.grantsOf(org.agentId))).toEqual([
        { dept_id: org.deptId, department: 'Support', role_id: viewer, role: 'Viewer', permissions: ['view'] }]);
      expect(await store.write((tx) => tx.org.removeGrant(org.agentId, org.deptId))).toBe(true);
      expect(await store.write((tx) => tx.org.removeGrant(org.agentId, org.deptId))).toBe(false);
    });

    it('an email shared by a deactivated and an active agent finds the active one', async () => {
      const { store, org } = s();
      const carol = await store.write(async (tx) => {
        await tx.org.updateAgent(org.agentId, { email: 'shared@desk.example' });
        await tx.org.setAgentActive(org.agentId, false);
        return tx.org.insertAgent({ username: 'carol', name: 'Carol', email: 'shared@desk.example', deptId: org.deptId, roleId: org.roleId, isAdmin: false, createdAt: T0 });
      });
      expect((await store.read((tx) => tx.org.agentByEmail('SHARED@desk.example')))?.id).toBe(carol);
    });

    it('end users: by email whatever its case, edited, a page at a time, with their ticket counts', async () => {
      const { store, org } = s();
      expect((await store.read((tx) => tx.org.userByEmail('CAROL@example.com')))?.id).toBe(org.userId);
      expect((await store.read((tx) => tx.org.users())).map((u) => u.name)).toEqual(['Carol User', 'Dave User']);
      await expect(store.write((tx) => tx.org.insertUser({ email: 'Carol@Example.com', name: 'x', createdAt: T0 }))).rejects.toBeInstanceOf(ConflictError);
      await store.write((tx) => tx.org.updateUser(org.user2Id, { name: 'Aaron', email: 'aaron@example.com' }));
      expect((await store.read((tx) => tx.org.users())).map((u) => [u.name, u.email])).toEqual([['Aaron', 'aaron@example.com'], ['Carol User', 'carol@example.com']]);
      await expect(store.write((tx) => tx.org.updateUser(org.user2Id, { email: 'carol@example.com' }))).rejects.toBeInstanceOf(ConflictError);

      const first = await store.read((tx) => tx.org.usersPage(0, 1));
      const rest = await store.read((tx) => tx.org.usersPage(first[0]!.id, 10));
      expect([...first, ...rest].map((u) => u.id).sort((a, b) => a - b)).toEqual([org.userId, org.user2Id].sort((a, b) => a - b));
      expect(first[0]!.id).toBeLessThan(rest[0]!.id);

      await store.write(async (tx) => {
        await createTicket(tx, org);
        await createTicket(tx, org);
        await createTicket(tx, org, { user_id: org.user2Id });
      });
      const counts = await store.read((tx) => tx.org.ticketCountsByUser());
      expect([...counts.entries()].sort((a, b) => a[0] - b[0])).toEqual([[org.userId, 2], [org.user2Id, 1]].sort((a, b) => a[0]! - b[0]!));
    });

    it('end users found or created in one call: found whatever the case of the email, created once, Unicode emails too', async () => {
      const { store, org } = s();
      const found = await store.write((tx) => tx.org.userByEmailOrInsert({ email: 'CAROL@Example.com', name: 'Not Carol', createdAt: T0 }));
      expect(found).toEqual({ user: { id: org.userId, email: 'carol@example.com', name: 'Carol User', created_at: T0 }, created: false });
      const made = await store.write((tx) => tx.org.userByEmailOrInsert({ email: 'erin@example.com', name: 'Erin', createdAt: T0 }));
      expect(made).toEqual({ user: { id: expect.any(Number), email: 'erin@example.com', name: 'Erin', created_at: T0 }, created: true });
      expect(await store.read((tx) => tx.org.userByEmail('erin@example.com'))).toEqual(made.user);
      const again = await store.write((tx) => tx.org.userByEmailOrInsert({ email: 'Erin@example.com', name: 'Other', createdAt: T0 }));
      expect(again).toEqual({ user: made.user, created: false });
      const unicode = await store.write((tx) => tx.org.userByEmailOrInsert({ email: 'jürgen@example.com', name: 'Jürgen', createdAt: T0 }));
      expect(unicode.created).toBe(true);
      expect(await store.write((tx) => tx.org.userByEmailOrInsert({ email: 'JÜRGEN@example.com', name: 'J', createdAt: T0 }))).toEqual({ user: unicode.user, created: false });
      expect((await store.read((tx) => tx.org.users())).length).toBe(4);
    });
  });
}
