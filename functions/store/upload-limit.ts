/**
 * The largest upload the cloud intake accepts, in bytes. One number for both sides: lib/ sizes the
 * intake function's /tmp from it (the object is downloaded there before it is read) and passes it
 * to the function, which checks an object's size before downloading it and gives the reader the
 * same limit. A larger object is quarantined unread with a report asking for smaller files.
 *
 * Memory, not disk, sets it: the reader holds a file's cells (and, for a record-level extract, its
 * crime ids) while it validates, and a 55 MB extract of one million crimes peaked at 458 MB in the
 * command line (issue "Ingest at engine speed"). 128 MiB stays near 1 GB of the intake's 2048 MB; a
 * force's monthly or whole-history aggregate return is a few hundred kilobytes, and 128 MiB is two
 * years of a large force's record-level extract. The command line reads up to 2 GiB
 * (adapters/files/read-return.ts) on the user's own machine.
 */
export const MAX_UPLOAD_BYTES = 128 * 1024 ** 2;
