// Stand-in entry for the infrastructure tests, which never bundle: NodejsFunction only checks that
// the entry file exists. The deployed handler is functions/handlers/findings-digest.ts.
export const handler = async (): Promise<void> => {};
