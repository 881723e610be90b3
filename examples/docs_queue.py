# The queue() example of the docs: its function was elided (`fn=...`); `generate` stands in.
# Note: Gradio 4.44.1 itself rejects gr.Button(label=...); blockspec accepts it, as the docs use it.
import gradio as gr


def generate(prompt):
    return None


with gr.Blocks() as demo:
    button = gr.Button(label="Generate Image")
    button.click(fn=generate, inputs=gr.Textbox(), outputs=gr.Image())
demo.queue(max_size=10)
