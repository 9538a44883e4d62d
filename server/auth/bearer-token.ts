/** The token of an `Authorization: Bearer <token>` header, or undefined when there is none. */
export const bearerToken = (authorization: string | undefined): string | undefined => /^Bearer (\S+)$/.exec(authorization ?? '')?.[1];
