/** Contract: the portal's tokens, throttle, secret and ratings; webhooks and their deliveries. */
import { describe, expect, it } from 'vitest';
import { T0, at, createTicket, freshStore, type MakeStore } from './fixture.js';

export function portalWebhooksContract(make: MakeStore): void {
  describe('portal', () => {
    const s = freshStore(make);

    it('tokens are found by hash and kind until they expire, and can be deleted', async () => {
      const { store, org } = s();
      await store.write((tx) => tx.portal.insertToken({ kind: 'access', hash: 'h1', userId: org.userId, ticketId: null, createdAt: T0, expiresAt: at(60) }));
      const found = await store.read((tx) => tx.portal.tokenByHash('access', 'h1', at(59)));
      expect(found).toMatchObject({ kind: 'access', user_id: org.userId, email: 'carol@example.com', ticket_id: null, expires_at: at(60) });
      expect(await store.read((tx) => tx.portal.tokenByHash('session', 'h1', at(1)))).toBeNull();
      expect(await store.read((tx) => tx.portal.tokenByHash('access', 'h1', at(60)))).toBeNull();
      await store.write((tx) => tx.portal.deleteToken('h1'));
      expect(await store.read((tx) => tx.portal.tokenByHash('access', 'h1', at(1)))).toBeNull();
    });

    it('the throttle counts requests per key since a time; prune forgets old ones and expired tokens', async () => {
      const { store, org } = s();
      await store.write(async (tx) => {
        for (const m of [0, 5, 10]) await tx.portal.recordRequest('address:1.2.3.4', at(m));
        await tx.portal.recordRequest('email:x@example.com', at(10));
        await tx.portal.insertToken({ kind: 'session', hash: 'old', userId: org.userId, ticketId: null, createdAt: T0, expiresAt: at(5) });
      });
      expect(await store.read((tx) => tx.portal.requestsSince('address:1.2.3.4', at(5)))).toBe(2);
      await store.write((tx) => tx.portal.prune(at(6), at(6)));
      expect(await store.read((tx) => tx.portal.requestsSince('address:1.2.3.4', at(0)))).toBe(1);
      expect(await store.read((tx) => tx.portal.tokenByHash('session', 'old', at(0)))).toBeNull();
    });

    it('the secret is made once: later calls get the first one', async () => {
      const { store } = s();
      expect(await store.write((tx) => tx.portal.secret('first'))).toBe('first');
      expect(await store.write((tx) => tx.portal.secret('second'))).toBe('first');
    });

    it('one rating per ticket and resolution; the latest is the highest resolution; the report sums per group', async () => {
      const { store, org } = s();
      const [a, b] = await store.write(async (tx) => [await createTicket(tx, org), await createTicket(tx, org, { dept_id: org.dept2Id })]);
      await store.write(async (tx) => {
        await tx.portal.insertRating({ ticketId: a!.id, resolution: 0, userId: org.userId, rating: 5, comment: 'great', createdAt: at(1) });
        await tx.portal.insertRating({ ticketId: a!.id, resolution: 1, userId: org.userId, rating: 2, comment: null, createdAt: at(2) });
        await tx.portal.insertRating({ ticketId: b!.id, resolution: 0, userId: org.userId, rating: 4, comment: null, createdAt: at(3) });
      });
      await expect(store.write((tx) => tx.portal.insertRating({ ticketId: a!.id, resolution: 1, userId: org.userId, rating: 1, comment: null, createdAt: at(4) }))).rejects.toThrow();
      expect(await store.read((tx) => tx.portal.ratingOf(a!.id, 0))).toMatchObject({ rating: 5, comment: 'great' });
      expect(await store.read((tx) => tx.portal.latestRating(a!.id))).toMatchObject({ rating: 2, resolution: 1 });
      const all = { scope: { kind: 'all' as const }, since: null, until: null, now: at(10) };
      expect(await store.read((tx) => tx.portal.reportCsat({ ...all, by: null }))).toEqual([{ key: null, responses: 3, total: 11 }]);
      const byDept = await store.read((tx) => tx.portal.reportCsat({ ...all, by: 'dept' }));
      expect(byDept.sort((x, y) => String(x.key).localeCompare(String(y.key)))).toEqual([
        { key: 'Billing', responses: 1, total: 4 }, { key: 'Support', responses: 2, total: 7 }]);
    });
  });

  describe('webhooks', () => {
    const s = freshStore(make);

    it('hooks and deliveries: due ones oldest first, claimed and confirmed, stats per hook, removal drops its deliveries', async () => {
      const { store, org } = s();
      const { id: t } = await store.write((tx) => createTicket(tx, org));
      const [h1, h2] = await store.write(async (tx) => [
        await tx.webhooks.insertWebhook({ url: 'https://a.example/x', events: 'ticket.created', secret: 's1', createdAt: T0 }),
        await tx.webhooks.insertWebhook({ url: 'https://b.example/y', events: 'ticket.created,ticket.status', secret: 's2', createdAt: T0 }),
      ]);
      const [d1, d2] = await store.write(async (tx) => [
        await tx.webhooks.insertDelivery({ webhookId: h1!, event: 'ticket.created', ticketId: t, body: '{"a":1}', createdAt: at(0) }),
        await tx.webhooks.insertDelivery({ webhookId: h2!, event: 'ticket.created', ticketId: t, body: '{"b":2}', createdAt: at(1) }),
      ]);
      expect((await store.read((tx) => tx.webhooks.webhooks())).map((h) => h.url)).toEqual(['https://a.example/x', 'https://b.example/y']);
      expect((await store.read((tx) => tx.webhooks.dueDeliveries(at(0), 10))).map((d) => [d.id, d.url, d.secret])).toEqual([[d1, 'https://a.example/x', 's1']]);
      expect((await store.read((tx) => tx.webhooks.dueDeliveries(at(5), 10))).map((d) => d.id)).toEqual([d1, d2]);
      await store.write((tx) => tx.webhooks.updateDelivery(d1!, { attempts: 1, next_attempt_at: at(10), last_error: 'HTTP 500' }));
      expect((await store.read((tx) => tx.webhooks.dueDeliveries(at(5), 10))).map((d) => d.id)).toEqual([d2]);
      await store.write((tx) => tx.webhooks.updateDelivery(d2!, { status: 'delivered', delivered_at: at(5), next_attempt_at: null }));
      expect(await store.read((tx) => tx.webhooks.webhookStats())).toEqual([
        { webhook_id: h1, pending: 1, last_error: 'HTTP 500' }, { webhook_id: h2, pending: 0, last_error: null }]);
      expect(await store.read((tx) => tx.webhooks.deliveryById(d1!))).toMatchObject({ status: 'pending', attempts: 1, body: '{"a":1}' });
      await store.write((tx) => tx.webhooks.deleteWebhook(h1!));
      expect(await store.read((tx) => tx.webhooks.webhookById(h1!))).toBeNull();
      expect((await store.read((tx) => tx.webhooks.deliveries())).map((d) => d.id)).toEqual([d2]);
    });
  });
}
