export const SERVER_BUNDLE: string;
export const SERVER_NODE_FLAGS: string[];
export function buildWeb(): void;
export function buildServer(): Promise<void>;
export function bundleServer(outfile: string): Promise<void>;
