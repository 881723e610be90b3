# The unload() example of the docs: a function that runs when a client's session ends.
import gradio as gr

with gr.Blocks() as demo:
    gr.Markdown("# When you close the tab, hello will be printed to the console")
    demo.unload(lambda: print("hello"))
