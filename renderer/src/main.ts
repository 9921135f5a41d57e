// The page's entry: zod without eval (first, see zodConfig.ts), the connection to main, the app.
import '../lib/zodConfig.ts';
import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';
import { connect } from '../lib/client.ts';
import { AppState } from '../lib/state.svelte.ts';

const connection = connect();
const state = new AppState(connection);
mount(App, { target: document.getElementById('app')!, props: { app: state } });
void state.start(connection.ready);
