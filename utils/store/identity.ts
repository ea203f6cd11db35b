/**
 * The database's name and schema version, apart from the idb wrapper so that popup-early.js can open it with
 * plain IndexedDB without carrying the library.
 */
export const DB_NAME = 'action-center-companion';
export const DB_VERSION = 2;
