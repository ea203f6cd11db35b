// @ts-check
/** The portal is shown in the analyst's language: labels, tabs, headers, buttons, values (FakeConfig.language). */

import { CONFIG } from './config.js';

/** German words of the fake portal, by their English original. @type {Record<string, string>} */
const DE = {
  'Action center': 'Info-Center',
  Pending: 'Ausstehend',
  History: 'Verlauf',
  Actions: 'Aktionen',
  'No actions found.': 'Keine Aktionen gefunden.',
  'Investigation ID': 'Untersuchungs-ID',
  'Approval ID': 'Genehmigungs-ID',
  'Action type': 'Aktionstyp',
  Asset: 'Objekt',
  'Entity type': 'Entitätstyp',
  Decision: 'Entscheidung',
  'Decided by': 'Entschieden von',
  'Action source': 'Aktionsquelle',
  Status: 'Status',
  'Action update time': 'Aktualisierungszeit der Aktion',
  Entity: 'Entität',
  Comment: 'Kommentar',
  Product: 'Produkt',
  'Start time': 'Startzeit',
  'Open investigation page': 'Untersuchungsseite öffnen',
  Approve: 'Genehmigen',
  Reject: 'Ablehnen',
  Close: 'Schließen',
  'Pending approval': 'Genehmigung ausstehend',
  'Action history': 'Aktionsverlauf',
  'Action details': 'Aktionsdetails',
  Export: 'Exportieren',
  Refresh: 'Aktualisieren',
  Filter: 'Filtern',
  'Customize columns': 'Spalten anpassen',
  Commands: 'Befehle',
  'Select row': 'Zeile auswählen',
  'Selection column': 'Auswahlspalte',
  Overview: 'Übersicht',
  'Pending actions': 'Ausstehende Aktionen',
  'Pending actions history': 'Verlauf ausstehender Aktionen',
  'Evidence and entities': 'Beweise und Entitäten',
  Log: 'Protokoll',
  Investigation: 'Untersuchung',
  'No pending actions in this investigation.': 'Keine ausstehenden Aktionen in dieser Untersuchung.',
  'No decided actions in this investigation.': 'Keine entschiedenen Aktionen in dieser Untersuchung.',
  'Investigation status': 'Untersuchungsstatus',
  Incident: 'Vorfall',
  Home: 'Startseite',
  'Incidents & alerts': 'Vorfälle und Warnungen',
  Hunting: 'Suche',
  'Actions & submissions': 'Aktionen und Übermittlungen',
  Submissions: 'Übermittlungen',
  'Threat analytics': 'Bedrohungsanalyse',
  'Secure score': 'Sicherheitsbewertung',
  Devices: 'Geräte',
  Identities: 'Identitäten',
  'Learning hub': 'Lernhub',
  Settings: 'Einstellungen',
  Navigation: 'Navigation',
  Search: 'Suchen',
  'Confirm': 'Bestätigen',
  'Cancel': 'Abbrechen',
  'Comment (optional)': 'Kommentar (optional)',
  'Add a comment for the record': 'Kommentar für das Protokoll hinzufügen',
  'Approve this action?': 'Diese Aktion genehmigen?',
  'Reject this action?': 'Diese Aktion ablehnen?',
  // Values the portal shows in its own words.
  Approved: 'Genehmigt',
  Rejected: 'Abgelehnt',
  Completed: 'Abgeschlossen',
  Failed: 'Fehlgeschlagen',
  Declined: 'Abgelehnt',
  Running: 'Wird ausgeführt',
  PendingApproval: 'Genehmigung ausstehend',
};

/** A visible word in the page's language (English when there is no translation). @param {string} english */
export function t(english) {
  return CONFIG.language === 'de' ? (DE[english] ?? english) : english;
}

/** A value from the API as the portal shows it (decision and status values are translated). @param {string | null} value */
export function tValue(value) {
  return value === null ? null : t(value);
}
