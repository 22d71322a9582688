/**
 * Requests the bot sent that a platform's published schema refuses (the Discord stand-in checks every body against
 * Discord's OpenAPI spec). test/stand-in-guard.ts fails the test during which they were sent, naming route and field.
 */
export const schemaViolations: string[] = [];
