/**
 * The part of jsonstat-toolkit 2.2.2 (devDependency, no types of its own) the tests use to check
 * that a real JSON-stat client reads what Talsinki writes. Its README documents the API.
 */
declare module 'jsonstat-toolkit' {
  interface JsonStatCategory {
    label: string | undefined;
    unit: { label?: string; decimals?: number; symbol?: string; base?: string } | null;
    note: string[] | null;
  }
  interface JsonStatDimension {
    id: string[];
    label: string | null;
    role: 'time' | 'geo' | 'metric' | 'classification';
    length: number;
    Category(selector: number | string): JsonStatCategory;
    Category(): JsonStatCategory[];
  }
  interface JsonStatDataset {
    class: 'dataset';
    id: string[];
    size: number[];
    length: number;
    n: number;
    label: string | null;
    source: string | null;
    updated: string | null;
    note: string[] | null;
    extension: Record<string, unknown> | null;
    role: Record<'time' | 'geo' | 'metric' | 'classification', string[] | null> | null;
    Dimension(selector: number | string): JsonStatDimension;
    Data(): { value: number | null; status: string | null }[];
    Data(selector: number | number[] | Record<string, string>): { value: number | null; status: string | null };
    toTable(options: { type: 'arrobj'; status?: boolean; content?: 'id' | 'label' }): Record<string, unknown>[];
  }
  interface JsonStatResponse {
    class: 'dataset' | 'collection' | 'bundle' | 'dimension' | null;
    length: number;
    error: unknown;
    Dataset(selector: number | string): JsonStatDataset;
  }
  export default function JSONstat(document: unknown): JsonStatResponse;
}
