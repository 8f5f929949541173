// Stylesheets are imported for their side effect; Vite emits them as a file the CSP allows ('self').
declare module '*.css';
