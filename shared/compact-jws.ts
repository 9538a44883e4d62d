/** Three base64url parts joined by dots: the only shape a JWS (or JWT) in compact serialisation can have. */
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

export const isCompactJws = (text: string): boolean => COMPACT_JWS.test(text);
