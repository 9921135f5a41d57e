// Types of huge-pages.mjs (plain JavaScript, so the launchers can use it before TypeScript loads).
export declare function hugePagesEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
export declare function relaunchWithHugePages(): Promise<number | undefined>;
