/** How the topology canvas draws cores, the off-chip core, buses, links, shared memories and a link being drawn. */
import type cytoscape from 'cytoscape';

export const TOPOLOGY_STYLE: cytoscape.StylesheetJson = [
  {
    selector: 'node',
    style: {
      label: 'data(label)',
      'text-wrap': 'wrap',
      'text-valign': 'center',
      'font-size': 10,
      color: '#1d2330',
      'background-color': '#e3eef8',
      'border-color': '#0b62a4',
      'border-width': 1,
      shape: 'round-rectangle',
      width: 96,
      height: 40,
    },
  },
  { selector: 'node[kind = "offchip"]', style: { 'background-color': '#f3eadb', 'border-color': '#8a5a00', shape: 'barrel', width: 104 } },
  { selector: 'node[kind = "bus"]', style: { 'background-color': '#5d6675', 'border-width': 0, shape: 'diamond', width: 22, height: 22, color: '#5d6675', 'text-valign': 'bottom', 'text-margin-y': 4, 'font-size': 9 } },
  { selector: 'node:selected', style: { 'border-width': 3, 'border-color': '#ff9e1b' } },
  { selector: 'edge', style: { width: 2, 'line-color': '#9aa4b2', 'curve-style': 'bezier', label: 'data(label)', 'font-size': 9, color: '#5d6675', 'text-background-color': '#fff', 'text-background-opacity': 1, 'text-background-padding': '1px' } },
  { selector: 'edge[kind = "bus"]', style: { 'line-color': '#5d6675', width: 1.5 } },
  { selector: 'edge[kind = "share"]', style: { 'line-style': 'dashed', 'line-color': '#8a5a00', width: 1.5 } },
  { selector: 'edge:selected', style: { 'line-color': '#ff9e1b', width: 4 } },
  { selector: 'node.ghost', style: { width: 1, height: 1, opacity: 0, label: '', events: 'no' } },
  { selector: 'edge.ghost', style: { 'line-style': 'dashed', 'line-color': '#ff9e1b', width: 2, label: '', events: 'no', 'target-arrow-shape': 'none' } },
  { selector: 'node.link-target', style: { 'border-width': 3, 'border-color': '#2e9e44' } },
];
