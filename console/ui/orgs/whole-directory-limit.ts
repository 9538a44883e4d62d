/**
 * Up to this many organisations within reach (a county has one or two thousand), the console holds them all;
 * above it (a city, a province), it holds what it has seen and asks the server for the rest.
 */
export const WHOLE_DIRECTORY_LIMIT = 2500;
