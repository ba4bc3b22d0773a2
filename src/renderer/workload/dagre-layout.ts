/** The workload DAG layout: cytoscape-dagre (Sugiyama layering by dagre), registered once with cytoscape. */
import cytoscape from 'cytoscape';
import dagre from 'cytoscape-dagre';

let registered = false;

export function registerDagre(): void {
  if (registered) return;
  cytoscape.use(dagre); // cytoscape keeps extensions globally; registering twice throws
  registered = true;
}

/** Top-to-bottom layered layout of the layer graph. */
export const WORKLOAD_LAYOUT = { name: 'dagre', rankDir: 'TB', nodeSep: 24, rankSep: 36, edgeSep: 10 } as cytoscape.LayoutOptions;
