/**
 * The largest upload the cloud intake accepts, in bytes. One number for both sides: lib/ sizes the
 * intake function's /tmp from it (the object is downloaded there before it is read) and passes it
 * to the function, which checks an object's size before downloading it and gives the reader the
 * same limit. A larger object is quarantined unread with a report asking for smaller files.
 *
 * 2 GiB is the local reader's default too (adapters/files/read-return.ts), so a file the command
 * line accepts is accepted in the cloud.
 */
export const MAX_UPLOAD_BYTES = 2 * 1024 ** 3;
