import { mount } from 'svelte';
import App from './App.svelte';
import { connectStudio } from './lib/studio';
import { AppState } from './stores/app.svelte';
import './styles/app.css';

const app = new AppState(connectStudio());
mount(App, { target: document.getElementById('app')!, props: { app } });
void app.start();
