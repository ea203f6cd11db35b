// @ts-check
/** The Action center grid's columns: their cell keys (FakeConfig.columnKeys), names and cell texts. */

import { CONFIG } from './config.js';
import { t, tValue } from './language.js';
import { field, fieldText, formatTime, investigationIdOf, investigationPath, labelOf } from './items.js';

/** @typedef {import('./items.js').Item} Item */

/**
 * @typedef {{
 *   key: string,
 *   name: string,
 *   text: (item: Item) => string | null,
 *   link?: (item: Item) => string | null,
 * }} Column
 */

/**
 * The app's own column keys (`columnKeys: 'app'`): nothing says the portal's cell keys are the API's sort keys.
 * @type {Record<string, string>}
 */
const APP_KEYS = {
  investigationId: 'investigation',
  bulkId: 'approvalId',
  actionType: 'col3',
  computerName: 'assetName',
  entityType: 'col5',
  actionDecision: 'col6',
  decidedBy: 'col7',
  actionSource: 'col8',
  actionStatus: 'col9',
  eventTime: 'col10',
};

/** @param {string} sortKey */
const columnKey = (sortKey) => (CONFIG.columnKeys === 'app' ? (APP_KEYS[sortKey] ?? sortKey) : sortKey);

/**
 * The Action center grid's columns; `key` is the column's cell key: the API's sort key (PORTAL.md), or the app's
 * own with `columnKeys: 'app'`. The `noApprovalColumn` redesign drops the Approval ID column.
 * @type {Column[]}
 */
const ALL_COLUMNS = [
  { key: columnKey('investigationId'), name: t('Investigation ID'), text: investigationIdOf, link: investigationPath },
  { key: columnKey('bulkId'), name: t('Approval ID'), text: (i) => fieldText(i, 'BulkId') },
  { key: columnKey('actionType'), name: t('Action type'), text: (i) => labelOf(CONFIG.actionTypeLabels, fieldText(i, 'ActionType')) },
  { key: columnKey('computerName'), name: t('Asset'), text: (i) => fieldText(i, 'ComputerName') },
  { key: columnKey('entityType'), name: t('Entity type'), text: (i) => labelOf(CONFIG.entityTypeLabels, fieldText(i, 'EntityType')) },
  { key: columnKey('actionDecision'), name: t('Decision'), text: (i) => tValue(fieldText(i, 'ActionDecision')) },
  { key: columnKey('decidedBy'), name: t('Decided by'), text: (i) => fieldText(i, 'DecidedBy') },
  { key: columnKey('actionSource'), name: t('Action source'), text: (i) => labelOf(CONFIG.actionSourceLabels, fieldText(i, 'ActionSource')) },
  { key: columnKey('actionStatus'), name: t('Status'), text: (i) => tValue(fieldText(i, 'ActionStatus')) },
  { key: columnKey('eventTime'), name: t('Action update time'), text: (i) => formatTime(field(i, 'EventTime')) },
];
export const COLUMNS = ALL_COLUMNS.filter((c) => !(CONFIG.redesign === 'noApprovalColumn' && c.key === columnKey('bulkId')));
export const SORTED_KEY = columnKey('eventTime');
