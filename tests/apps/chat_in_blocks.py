# A ChatInterface built inside a Blocks (its components join the page around it), with an
# extra input the page already shows (so no accordion) and a render=False one (in the accordion).
import gradio as gr


def answer(message, history, tone, name):
    yield from f"{tone} {name}: {message}".split()


with gr.Blocks() as demo:
    gr.Markdown("# Chat")
    tone = gr.Radio(["calm", "loud"], value="calm", label="Tone")
    name = gr.Textbox("bot", label="Name", render=False)
    gr.ChatInterface(answer, additional_inputs=[tone, name])
    gr.Markdown("Footer")
