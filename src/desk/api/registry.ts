/**
 * Every declared use case, in the order the OpenAPI document lists them. Only the server
 * imports the whole list; a verb imports just the declarations it runs (so its bundle stays small).
 */
import type { UseCase } from './declare.js';
import * as identity from './identity.js';
import * as org from './org.js';
import * as admin from './org-admin.js';
import * as reports from './reports.js';
import * as search from './search.js';
import * as statuses from './statuses.js';
import * as actions from './ticket-actions.js';
import * as create from './ticket-create.js';
import * as list from './ticket-list.js';
import * as tickets from './tickets.js';
import * as together from './ticket-together.js';
import * as settings from './settings.js';
import * as slaSetup from './sla-setup.js';
import * as orgEdit from './org-edit.js';
import * as mail from './mail.js';
import * as limits from './limits.js';
import * as jobs from './jobs.js';

export const USE_CASES: readonly UseCase<any, any>[] = [
  identity.whoami, identity.deskTimezone, create.ticketCreate, list.ticketList, tickets.ticketShow,
  actions.ticketReply, actions.ticketNote, actions.ticketStatus, actions.ticketStatusMany, actions.ticketAssign,
  actions.ticketTransfer, actions.ticketEdit, actions.ticketSla, search.ticketSearch,
  together.ticketMerge, together.ticketLink, together.ticketUnlink, together.ticketCc, together.ticketSlaExplain, together.ticketAttachment,
  reports.report, reports.slaStatus, reports.mailOutbox,
  org.slaList, org.agentList, org.userList, org.deptList, org.teamList, org.topicList, org.roleList,
  admin.agentAdd, admin.agentEdit, admin.agentActive, admin.userAdd, admin.deptAdd, admin.teamAdd, admin.teamMember, admin.topicAdd,
  statuses.statusList, statuses.statusAdd, statuses.statusRemove,
  orgEdit.userEdit, orgEdit.deptEdit, orgEdit.deptRemove, orgEdit.topicEdit, orgEdit.agentAccess,
  slaSetup.slaAdd, slaSetup.slaEdit, slaSetup.slaSimulate, slaSetup.scheduleList, slaSetup.scheduleAdd, slaSetup.scheduleEdit,
  slaSetup.scheduleRemove, slaSetup.scheduleHolidays, slaSetup.scheduleHolidayImport, jobs.slaCheck, jobs.automate,
  mail.mailShow, mail.mailRetry, mail.mailInbound, mail.mailOriginal, mail.templateList, mail.templateShow, mail.templateSet, mail.templateReset,
  mail.cannedList, mail.cannedShow, mail.cannedAdd, mail.cannedRemove,
  settings.configList, settings.configGet, settings.configSet, settings.configUnset, limits.deskLimits,
];
