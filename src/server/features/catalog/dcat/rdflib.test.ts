import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectStatus, loginAs, startTestApp, type TestApp } from '../../../test/harness.ts';

/**
 * The catalogue as Python reads it: rdflib (Debian's python3-rdflib, 6.1, whose JSON-LD parser is
 * built in; installed by scripts/test.mjs), over real HTTP. Every syntax must parse to the same
 * graph, and a harvester that follows `hydra:next` from page to page must meet every dataset once.
 */
const run = promisify(execFile);
const PUBLIC = 'https://talsinki.example';
const DATASETS = 5;

let t: TestApp;
let local: string;
const datasetIris: string[] = [];

/**
 * Run with: the address the catalogue names itself by, the address the server listens on (the
 * public one resolves to it, as DNS and a proxy would), then a command and its addresses.
 * `graphs`: each document's triple count, dataset count, and whether it is isomorphic to the
 * first. `harvest`: the datasets met following hydra:next from the start page, in order.
 */
const RDFLIB = `
import json, sys, urllib.request
from rdflib import Graph, Namespace, RDF, URIRef
from rdflib.compare import isomorphic
DCAT = Namespace("http://www.w3.org/ns/dcat#")
HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")
FORMAT = {"text/turtle": "turtle", "application/rdf+xml": "xml", "application/ld+json": "json-ld", "application/n-triples": "nt"}
public, local, command, *urls = sys.argv[1:]

def fetch(url):
    with urllib.request.urlopen(url.replace(public, local, 1)) as response:
        assert response.status == 200, (url, response.status)
        kind = response.headers.get_content_type()
        graph = Graph()
        graph.parse(data=response.read().decode("utf-8"), format=FORMAT[kind], publicID=url)
        return graph

if command == "graphs":
    graphs = [fetch(url) for url in urls]
    print(json.dumps([{"triples": len(g), "datasets": len(set(g.subjects(RDF.type, DCAT.Dataset))), "same": isomorphic(g, graphs[0])} for g in graphs]))
else:
    harvests = []
    for start in urls:
        seen, url, pages = [], start, 0
        while url and pages < 100:
            graph = fetch(url)
            pages += 1
            seen += sorted(str(s) for s in graph.subjects(RDF.type, DCAT.Dataset))
            url = None
            for view in graph.subjects(RDF.type, HYDRA.PartialCollectionView):
                following = graph.value(view, HYDRA.next)
                if following is not None: url = str(following)
        harvests.append({"pages": pages, "seen": seen})
    print(json.dumps(harvests))
`;

async function rdflib(command: 'graphs' | 'harvest', urls: string[]) {
  const { stdout } = await run('/usr/bin/python3', ['-c', RDFLIB, PUBLIC, local, command, ...urls], { maxBuffer: 64 << 20 });
  return JSON.parse(stdout);
}

beforeAll(async () => {
  t = await startTestApp({ publicUrl: PUBLIC });
  local = await t.app.listen({ port: 0, host: '127.0.0.1' });
  const editor = (await loginAs(t, 'editor')).session;
  for (let n = 1; n <= DATASETS; n++) {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/datasets',
      headers: editor.headers,
      payload: {
        title: { en: `Python-read dataset ${n}`, fi: `Pythonilla luettu aineisto ${n}`, et: `Pythoniga loetud andmestik ${n}` },
        description: { en: `Dataset ${n}, with "quotes", a <tag> & an ampersand.` },
        themes: ['TRAN'],
        spatial: ['fi-091'],
        license: 'CC_BY_4_0',
        distributions: [{ title: { en: 'CSV' }, accessUrl: `https://data.example.test/${n}.csv?x=1&y=2`, format: 'CSV', mediaType: 'text/csv' }],
      },
    });
    datasetIris.push(`${PUBLIC}/datasets/${expectStatus(response, 201).json().id}`);
  }
});
afterAll(() => t?.close());

describe('rdflib', () => {
  it('parses the whole catalogue in Turtle, RDF/XML and JSON-LD to the same graph', async () => {
    const read = (await rdflib('graphs', ['ttl', 'rdf', 'jsonld', 'nt'].map((extension) => `${PUBLIC}/catalog.${extension}`))) as { triples: number; datasets: number; same: boolean }[];
    expect(read[0].triples).toBeGreaterThan(DATASETS * 10);
    for (const graph of read) expect(graph).toEqual({ triples: read[0].triples, datasets: DATASETS, same: true });
  });

  it('harvests every dataset once by following hydra:next, in each syntax and page size', async () => {
    const expected = [...datasetIris].sort();
    const starts = ['ttl', 'rdf', 'jsonld'].flatMap((extension) => [1, 2, 5].map((pageSize) => ({ start: `${PUBLIC}/catalog.${extension}?page=1&pageSize=${pageSize}`, pageSize })));
    const harvests = (await rdflib('harvest', starts.map((s) => s.start))) as { pages: number; seen: string[] }[];
    starts.forEach(({ start, pageSize }, i) => {
      expect(harvests[i].pages, start).toBe(Math.ceil(DATASETS / pageSize));
      expect([...harvests[i].seen].sort(), start).toEqual(expected);
    });
  });
});
