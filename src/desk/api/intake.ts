/**
 * osTicket-compatible intake (`POST /api/tickets.json`): a ticket from an integration that
 * holds an API key. It acts as the end user it names (created when unknown), as mail ingest acts as
 * the sender: the `created` event is theirs, the source is what the payload says (default api).
 */
import type { OsTicketRequest } from '../../core/osticket.js';
import type { UserActor } from '../../core/model.js';
import { iso, type DeskContext } from '../context.js';
import { findTopic } from '../lookup.js';
import { checkApiKey } from '../auth/api-keys.js';
import { chooseDefaults, insertNewTicket, notifyNewTicket } from '../tickets/create.js';

/**
 * `key` is checked in the same transaction that writes the ticket (one transaction per request, not a
 * read and then a write); `payload` is read only once the key is good, so a wrong key is 401
 * whatever the body.
 */
export async function createFromApi(
  ctx: DeskContext, key: { key: string; address: string }, payload: () => OsTicketRequest,
): Promise<{ number: string }> {
  const now = iso(ctx.now);
  return ctx.store.write(async (tx) => {
    await checkApiKey(tx, key.key, key.address);
    const req = payload();
    const topic = req.topic === undefined ? null : await findTopic(tx, req.topic);
    let user = await tx.org.userByEmail(req.email);
    if (!user) {
      const id = await tx.org.insertUser({ email: req.email, name: req.name || req.email, createdAt: now });
      user = { id, email: req.email, name: req.name || req.email, created_at: now };
    }
    const actor: UserActor = { kind: 'user', id: user.id, email: user.email, name: user.name };
    const chosen = await chooseDefaults(tx, { priority: req.priority }, topic);
    const made = await insertNewTicket(tx, now, {
      actor, user, subject: req.subject, body: req.body, chosen, topicId: topic?.id ?? null, assigneeId: null, teamId: null, source: req.source,
    });
    await notifyNewTicket(tx, (await tx.tickets.ticketByNumber(made.number))!, actor, now);
    return { number: made.number };
  });
}
